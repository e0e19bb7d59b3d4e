// A command worker for the crash suite: `crash_worker MAX_SLEEP_MS` reads the task input on stdin
// and answers on stdout, after sleeping up to MAX_SLEEP_MS (derived from the input, so the same
// task always takes as long) to spread the tasks over time.
//   {"op":"add","a":A,"b":B}           -> {"sum":A+B}
//   {"op":"flaky","v":V,"retry":N}     -> fails with Flaky on the first attempt, then {"v":V*10}
#include <chrono>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  const int max_sleep = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  auto in = nlohmann::ordered_json::parse(text, nullptr, false);
  if (in.is_discarded() || !in.is_object()) {
    std::cout << R"({"error":"Worker.BadInput","cause":"not a JSON object"})";
    return 1;
  }
  if (max_sleep > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(std::hash<std::string>{}(text) % max_sleep));
  const std::string op = in.value("op", "");
  if (op == "add") {
    std::cout << nlohmann::ordered_json{{"sum", in["a"].get<long>() + in["b"].get<long>()}}.dump();
    return 0;
  }
  if (op == "flaky") {
    if (in.value("retry", 0) == 0) {
      std::cout << R"({"error":"Flaky","cause":"the first attempt always fails"})";
      return 1;
    }
    std::cout << nlohmann::ordered_json{{"v", in["v"].get<long>() * 10}}.dump();
    return 0;
  }
  std::cout << R"({"error":"Worker.UnknownOp","cause":"unknown op"})";
  return 1;
}
