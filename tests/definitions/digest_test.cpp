#include <doctest/doctest.h>

#include "definitions/digest.h"

using namespace stepwise::definitions;

namespace {
struct Vector {
  std::string data;
  const char* md5;
  const char* sha1;
  const char* sha256;
  const char* sha384;
  const char* sha512;
};
}  // namespace

// Expected values from Python's hashlib; the lengths straddle the padding boundaries (55/56 bytes
// for 64-byte blocks, 111/112 for 128-byte ones).
TEST_CASE("Definitions.Digest.MatchesReferenceVectors") {
  const Vector vectors[] = {
      {"",
       "d41d8cd98f00b204e9800998ecf8427e",
       "da39a3ee5e6b4b0d3255bfef95601890afd80709",
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
       "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
      {"abc",
       "900150983cd24fb0d6963f7d28e17f72",
       "a9993e364706816aba3e25717850c26c9cd0d89d",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
       "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
       "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "8215ef0796a20bcaaae116d3876c664a",
       "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
       "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
       "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"},
      {std::string(55, 'a'),
       "ef1772b6dff9a122358552954ad0df65",
       "c1c8bbdc22796e28c0e15163d20899b65621d65a",
       "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
       "5d91ac7e74e62b5c728904b40f10784d66b7af9cb6302123e48c92f0432ceb8d2a92c02de77dcb29ed75c4b42bde46f4",
       "b0220c772cbf6c1822e2cb38a437d0e1d58772417a4bbb21c961364f8b6143e05aa6316dca8d1d7b19e16448419076395f6086cb55101fbd6d5497b148e1745f"},
      {std::string(56, 'a'),
       "3b0c8ac703f828b04c6c197006d17218",
       "c2db330f6083854c99d4b5bfb6e8f29f201be699",
       "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
       "8a8d9649ea04e993a6ca7135af7e3392cc5fca84f8531cac7aa3feed4eb98f55dcbe0f3284b61c6f35f98b02cc644b4c",
       "962b64aae357d2a4fee3ded8b539bdc9d325081822b0bfc55583133aab44f18bafe11d72a7ae16c79ce2ba620ae2242d5144809161945f1367f41b3972e26e04"},
      {std::string(111, 'a'),
       "089f243d1e831c5879aa375ee364a06e",
       "ac877859d427d9192054eea8feb3b8a403ef83a5",
       "6374f73208854473827f6f6a3f43b1f53eaa3b82c21c1a6d69a2110b2a79baad",
       "3c37955051cb5c3026f94d551d5b5e2ac38d572ae4e07172085fed81f8466b8f90dc23a8ffcdea0b8d8e58e8fdacc80a",
       "fa9121c7b32b9e01733d034cfc78cbf67f926c7ed83e82200ef86818196921760b4beff48404df811b953828274461673c68d04e297b0eb7b2b4d60fc6b566a2"},
      {std::string(112, 'a'),
       "9146ef3527c7cfcc66dc615c3986e391",
       "689993727ba37386bb032495e9dbdfb4dd1ba744",
       "f54353008a2553262ecdc4a34749563ba0950e8b0fc8652780b0a614b99683c1",
       "187d4e07cb306103c69967bf544d0dfbe9042577599c73c330abc0cb64c61236d5ed565ee19119d8c31779a38f791fcd",
       "c01d080efd492776a1c43bd23dd99d0a2e626d481e16782e75d54c2503b5dc32bd05f0f1ba33e568b88fd2d970929b719ecbb152f58f130a407c8830604b70ca"},
      {std::string(1000, 'a'),
       "cabe45dcc9ae5b66ba86600cca6b8ba8",
       "291e9a6c66994949b57ba5e650361e98fc36b1ba",
       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
       "f54480689c6b0b11d0303285d9a81b21a93bca6ba5a1b4472765dca4da45ee328082d469c650cd3b61b16d3266ab8ced",
       "67ba5535a46e3f86dbfbed8cbbaf0125c76ed549ff8b0b9e03e0c88cf90fa634fa7b12b47d77b694de488ace8d9a65967dc96df599727d3292a8d9d447709c97"},
      {"h\xc3\xa9llo \xe2\x9c\x93",
       "21b1ae5bc147bb564254200a4731e337",
       "b7c2a1aa52961195ac19331417a20a8b4f202ddb",
       "5657cdef8a85a584e0e961e6f8247cf5d3f8ed21496ed6fdbcfd43a761e94245",
       "d0c6804dd6b3b7eb81944913441243e39e67f540fd4910845ded2a3d982f6b8e79058af17e52b15875a540f774a4f8a5",
       "5a8dbb6169e8fd30480c55d8b9f6e77d7bf79e4930c77ffcdec87eede5e5fa7faa79deba6a3fdf6532681ac3b079f29e7270cf11bd45bf143be032c4518d1496"},
  };
  for (const Vector& v : vectors) {
    CAPTURE(v.data.size());
    CHECK(digest_hex(DigestAlgorithm::Md5, v.data) == v.md5);
    CHECK(digest_hex(DigestAlgorithm::Sha1, v.data) == v.sha1);
    CHECK(digest_hex(DigestAlgorithm::Sha256, v.data) == v.sha256);
    CHECK(digest_hex(DigestAlgorithm::Sha384, v.data) == v.sha384);
    CHECK(digest_hex(DigestAlgorithm::Sha512, v.data) == v.sha512);
  }
}

TEST_CASE("Definitions.Digest.AlgorithmNames") {
  CHECK(digest_algorithm_named("SHA-256") == DigestAlgorithm::Sha256);
  CHECK(digest_algorithm_named("MD5") == DigestAlgorithm::Md5);
  CHECK_FALSE(digest_algorithm_named("sha-256"));
  CHECK_FALSE(digest_algorithm_named("SHA256"));
  const auto bytes = sha256("abc");
  CHECK(bytes[0] == 0xba);
  CHECK(bytes[31] == 0xad);
}
