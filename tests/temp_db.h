#pragma once
// A fresh SQLite file path per test (under the temp directory), removed with its -wal and -shm
// files afterwards.
#include <unistd.h>

#include <filesystem>
#include <string>

struct TempDb {
  std::filesystem::path path;
  TempDb() {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("stepwise-test-" + std::to_string(getpid()) + "-" + std::to_string(++n) + ".db");
    remove_files();
  }
  ~TempDb() { remove_files(); }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};
