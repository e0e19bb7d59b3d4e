#pragma once
// ARNs and names as AWS checks them, in one place for every call of the service.
#include <string>
#include <string_view>

#include "definitions/result.h"

namespace stepwise::engine::service {

// "arn:aws:states:...:<kind>:..." with kind "stateMachine", "execution" or "activity".
bool is_arn_of(const std::string& arn, std::string_view kind);
// AWS's InvalidArn for an ARN of the wrong kind or shape.
Error invalid_arn(const std::string& arn);

// AWS's rule for state machine, execution and activity names: 1-80 characters, none of white
// space, < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : / or control characters.
bool valid_resource_name(const std::string& name);
Error invalid_name(const std::string& name);

// "arn:...:stateMachine:M" -> "arn:...:execution:M:NAME"
std::string execution_arn_of(const std::string& state_machine_arn, const std::string& name);

}  // namespace stepwise::engine::service
