#pragma once
// Payload templates (Parameters, ResultSelector, ItemSelector, Assign, Credentials): a JSON
// value in which every field whose name ends in ".$" is a path, a variable reference or an
// intrinsic call. Compiled once at parse time; the ".$" suffix is dropped from output keys.
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "definitions/intrinsics/intrinsic_call.h"
#include "definitions/json_path.h"

namespace stepwise::definitions {

class PayloadTemplate {
 public:
  struct Node;
  struct Field {
    std::string key;  // output key, ".$" removed
    std::variant<Json, JsonPath, IntrinsicCall, std::vector<Node>> value;  // vector: exactly one nested node
  };
  struct Node {
    enum class Kind { Static, Object, Array } kind = Kind::Static;
    Json static_value;          // Static: copied as is (contains no ".$" field)
    std::vector<Field> fields;  // Object
    std::vector<Node> items;    // Array
  };

  PayloadTemplate() = default;
  explicit PayloadTemplate(Node root) : root_(std::move(root)) {}

  // Fails with States.Runtime when a path matches nothing, States.IntrinsicFailure for a bad call.
  Result<Json> evaluate(const Json& input, const PathScope& scope, IntrinsicEnv& env) const;
  const Node& root() const { return root_; }

 private:
  Node root_;
};

const char* to_string(PayloadTemplate::Node::Kind kind);

}  // namespace stepwise::definitions
