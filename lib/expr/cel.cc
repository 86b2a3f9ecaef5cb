#include "lib/expr/cel.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/dynamic_message.h"
#include "lib/expr/stdlib.h"

namespace hdsc::expr {
Program::~Program() = default;


Env::Env(EnvOptions options) : options_(std::move(options)) {}

Env::~Env() = default;

absl::StatusOr<std::unique_ptr<Env>> Env::Create(EnvOptions options) {
  if (options.pool == nullptr) return absl::InvalidArgumentError("EnvOptions.pool is null");
  if (options.max_iterations < 0) {
    return absl::InvalidArgumentError("EnvOptions.max_iterations is negative");
  }
  absl::flat_hash_set<std::string> names;
  for (const auto& [name, type] : options.variables) {
    if (name.empty()) return absl::InvalidArgumentError("a variable has an empty name");
    if (!names.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("variable '", name, "' declared twice"));
    }
  }
  std::unique_ptr<Env> env(new Env(std::move(options)));
  google::protobuf::MessageFactory* factory = env->options_.factory;
  if (factory == nullptr) {
    if (env->options_.pool == google::protobuf::DescriptorPool::generated_pool()) {
      factory = google::protobuf::MessageFactory::generated_factory();
    } else {
      env->owned_factory_ =
          std::make_unique<google::protobuf::DynamicMessageFactory>(env->options_.pool);
      factory = env->owned_factory_.get();
    }
  }
  env->context_ = ProtoContext{env->options_.pool, factory};
  env->checker_env_.set_container(env->options_.container);
  env->checker_env_.set_pool(env->options_.pool);
  for (const auto& [name, type] : env->options_.variables) {
    env->checker_env_.AddVariable(name, type);
  }
  for (const FunctionDecl& function : internal::ExtensionFunctions()) {
    absl::Status status = env->checker_env_.AddFunction(function);
    if (!status.ok()) return status;
  }
  return env;
}

absl::StatusOr<std::unique_ptr<Program>> Env::Compile(std::string_view expression,
                                                      std::string_view location,
                                                      std::vector<CompileIssue>* issues) const {
  absl::StatusOr<ParsedExpr> parsed = Parse(expression, location, options_.parse, issues);
  if (!parsed.ok()) return parsed.status();
  std::unique_ptr<Program> program(new Program());
  CheckedExpr checked;
  if (options_.check) {
    absl::StatusOr<CheckedExpr> result = Check(*parsed, checker_env_, issues);
    if (!result.ok()) return result.status();
    checked = *std::move(result);
    program->result_type_ = checked.result_type;
  }
  internal::PlanOptions plan_options;
  plan_options.checked = options_.check ? &checked : nullptr;
  plan_options.context = &context_;
  plan_options.container = options_.container;
  plan_options.max_iterations = options_.max_iterations;
  plan_options.issues = issues;
  for (const auto& [name, type] : options_.variables) plan_options.variables.insert(name);
  absl::StatusOr<std::unique_ptr<internal::Plan>> plan =
      internal::Plan::Create(*parsed, plan_options);
  if (!plan.ok()) return plan.status();
  program->expression_ = std::string(expression);
  program->plan_ = *std::move(plan);
  return program;
}

}  // namespace hdsc::expr
