// Parallel and Map states.
#include <limits>

#include "definitions/parser/state_parser.h"
#include "definitions/resource.h"

namespace stepwise::definitions::parser {
namespace {

constexpr std::size_t kMaxLabelLength = 40;

// "arn:PARTITION:states:::ACTION" for any AWS partition.
bool is_partition_arn(const std::string& arn, std::string_view action) {
  auto parsed = parse_resource(arn);
  return parsed && parsed->is_service_integration() && parsed->resource == action;
}

// A value or its *Path twin, never both; in JSONata the value may be an expression.
template <class Read>
void value_or_path(Context& ctx, const Where& w, QueryLanguage language, const char* name, const char* path_name,
                   Read read, std::optional<JsonPath>& path) {
  const Json* v = field(w.object, name);
  if (v && language == QueryLanguage::Jsonata && v->is_string())
    check_jsonata_string(ctx, w, name);
  else
    read();
  if (auto p = read_path(ctx, w, path_name, PathKind::ReferencePath, false)) path = std::move(**p);
  if (v && field(w.object, path_name))
    ctx.schema(std::string("'") + name + "' and '" + path_name + "' cannot both be set", w.at(path_name));
}

void check_label(Context& ctx, const Where& w, MapState& s) {
  auto label = read_string(ctx, w, "Label");
  if (!label) return;
  s.label = *label;
  const std::string ptr = w.at("Label");
  bool valid = !label->empty() && label->size() <= kMaxLabelLength;
  for (char c : *label) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || std::string_view(" <>{}[]?*\"#%\\^|~`$&,;:/").find(c) != std::string_view::npos)
      valid = false;
  }
  if (!valid)
    ctx.error(DiagnosticCode::InvalidLabelName,
              "The label '" + *label + "' must be 1-40 characters without white space, brackets, wildcards or "
                                       "any of \" # % \\ ^ | ~ ` $ & , ; : /",
              ptr);
  else if (!ctx.labels.insert(*label).second)
    ctx.error(DiagnosticCode::DuplicateLabelName, "The label '" + *label + "' is used by more than one Map state", ptr);
}

void read_processor(Context& ctx, const Where& w, MapState& s) {
  const Json* processor = field(w.object, "ItemProcessor");
  const Json* iterator = field(w.object, "Iterator");
  if (processor && iterator) ctx.schema("'ItemProcessor' and 'Iterator' cannot both be set", w.at("Iterator"));
  if (!processor && !iterator) {
    require(ctx, w, "ItemProcessor");
    return;
  }
  const std::string ptr = processor ? w.at("ItemProcessor") : w.at("Iterator");
  const Json& doc = processor ? *processor : *iterator;
  if (processor && doc.is_object()) {
    if (const Json* config = field(doc, "ProcessorConfig")) {
      const std::string cptr = pointer_append(ptr, "ProcessorConfig");
      Where cw{*config, cptr};
      if (!config->is_object()) {
        ctx.schema("The value for the field 'ProcessorConfig' must be a JSON object", cptr);
      } else {
        check_allowed_fields(ctx, cw, {"Mode", "ExecutionType"}, "ProcessorConfig");
        if (auto mode = read_string(ctx, cw, "Mode")) {
          if (*mode == "DISTRIBUTED")
            s.mode = ProcessorMode::Distributed;
          else if (*mode != "INLINE")
            ctx.schema("The value for the field 'Mode' must be 'INLINE' or 'DISTRIBUTED'", cw.at("Mode"));
        }
        if (auto type = read_string(ctx, cw, "ExecutionType")) {
          if (*type == "STANDARD")
            s.execution_type = ExecutionType::Standard;
          else if (*type == "EXPRESS")
            s.execution_type = ExecutionType::Express;
          else
            ctx.schema("The value for the field 'ExecutionType' must be 'STANDARD' or 'EXPRESS'",
                       cw.at("ExecutionType"));
        }
        if (s.mode == ProcessorMode::Distributed && !field(*config, "ExecutionType"))
          ctx.schema("A DISTRIBUTED Map's ProcessorConfig must set 'ExecutionType' (STANDARD or EXPRESS)", cptr);
      }
    }
  }
  s.processor = parse_machine(ctx, doc, ptr, processor ? MachineKind::ItemProcessor : MachineKind::Iterator);
}

void read_item_reader(Context& ctx, const Where& w, MapState& s, QueryLanguage language) {
  const Json* v = read_object(ctx, w, "ItemReader");
  if (!v) return;
  const std::string ptr = w.at("ItemReader");
  Where rw{*v, ptr};
  check_allowed_fields(ctx, rw, {"Resource", "ReaderConfig", language == QueryLanguage::JsonPath ? "Parameters" : "Arguments"},
                       "ItemReader");
  ItemReader reader;
  reader.resource = read_string(ctx, rw, "Resource", true).value_or("");
  if (field(*v, "Resource") && !is_partition_arn(reader.resource, "s3:getObject") &&
      !is_partition_arn(reader.resource, "s3:listObjectsV2"))
    ctx.schema("The ItemReader resource must be arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2",
               rw.at("Resource"));
  if (const Json* config = read_object(ctx, rw, "ReaderConfig")) {
    reader.reader_config = *config;
    Where cw{*config, rw.at("ReaderConfig")};
    if (auto type = read_string(ctx, cw, "InputType")) {
      static constexpr std::string_view kInputTypes[] = {"CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"};
      bool known = false;
      for (auto t : kInputTypes) known = known || t == *type;
      if (!known)
        ctx.schema("The value for the field 'InputType' must be one of CSV, JSON, JSONL, MANIFEST, PARQUET",
                   cw.at("InputType"));
    }
  }
  if (language == QueryLanguage::JsonPath)
    reader.parameters = read_template(ctx, rw, "Parameters");
  else if (const Json* a = field(*v, "Arguments"))
    reader.arguments = *a;
  s.item_reader = std::move(reader);
}

void read_item_batcher(Context& ctx, const Where& w, MapState& s, QueryLanguage language) {
  const Json* v = read_object(ctx, w, "ItemBatcher");
  if (!v) return;
  const std::string ptr = w.at("ItemBatcher");
  Where bw{*v, ptr};
  if (language == QueryLanguage::JsonPath)
    check_allowed_fields(ctx, bw,
                         {"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                          "MaxInputBytesPerBatchPath", "BatchInput"},
                         "ItemBatcher");
  else
    check_allowed_fields(ctx, bw, {"MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"}, "ItemBatcher");
  ItemBatcher batcher;
  value_or_path(ctx, bw, language, "MaxItemsPerBatch", "MaxItemsPerBatchPath",
                [&] { batcher.max_items_per_batch = read_integer(ctx, bw, "MaxItemsPerBatch", 1); },
                batcher.max_items_per_batch_path);
  value_or_path(ctx, bw, language, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath",
                [&] { batcher.max_input_bytes_per_batch = read_integer(ctx, bw, "MaxInputBytesPerBatch", 1, 262144); },
                batcher.max_input_bytes_per_batch_path);
  if (!field(*v, "MaxItemsPerBatch") && !field(*v, "MaxItemsPerBatchPath") && !field(*v, "MaxInputBytesPerBatch") &&
      !field(*v, "MaxInputBytesPerBatchPath"))
    ctx.schema("An ItemBatcher must set MaxItemsPerBatch or MaxInputBytesPerBatch (or their Path forms)", ptr);
  if (language == QueryLanguage::JsonPath) batcher.batch_input = read_template(ctx, bw, "BatchInput");
  s.item_batcher = std::move(batcher);
}

void read_result_writer(Context& ctx, const Where& w, MapState& s, QueryLanguage language) {
  const Json* v = read_object(ctx, w, "ResultWriter");
  if (!v) return;
  const std::string ptr = w.at("ResultWriter");
  Where rw{*v, ptr};
  check_allowed_fields(ctx, rw, {"Resource", "WriterConfig", language == QueryLanguage::JsonPath ? "Parameters" : "Arguments"},
                       "ResultWriter");
  ResultWriter writer;
  writer.resource = read_string(ctx, rw, "Resource").value_or("");
  if (field(*v, "Resource") && !is_partition_arn(writer.resource, "s3:putObject"))
    ctx.schema("The ResultWriter resource must be arn:aws:states:::s3:putObject", rw.at("Resource"));
  if (!field(*v, "Resource") && !field(*v, "WriterConfig"))
    ctx.schema("A ResultWriter must set 'Resource' or 'WriterConfig'", ptr);
  if (const Json* config = field(*v, "WriterConfig")) writer.writer_config = *config;
  if (language == QueryLanguage::JsonPath)
    writer.parameters = read_template(ctx, rw, "Parameters");
  else if (const Json* a = field(*v, "Arguments"))
    writer.arguments = *a;
  s.result_writer = std::move(writer);
}

}  // namespace

ParallelState parse_parallel(Context& ctx, const Where& w, StateCommon common) {
  ParallelState s;
  s.common = std::move(common);
  const QueryLanguage language = s.common.query_language;
  read_result_fields(ctx, w, s.io, language, true);
  s.retry = read_retry(ctx, w);
  s.catches = read_catch(ctx, w, language);
  const Json* branches = field(w.object, "Branches");
  if (!branches) {
    require(ctx, w, "Branches");
    return s;
  }
  if (!branches->is_array() || branches->empty()) {
    ctx.schema("The value for the field 'Branches' must be a non-empty array of state machines", w.at("Branches"));
    return s;
  }
  for (std::size_t i = 0; i < branches->size(); ++i)
    s.branches.push_back(
        parse_machine(ctx, (*branches)[i], pointer_append(w.at("Branches"), i), MachineKind::Branch));
  return s;
}

MapState parse_map(Context& ctx, const Where& w, StateCommon common) {
  MapState s;
  s.common = std::move(common);
  const QueryLanguage language = s.common.query_language;
  read_result_fields(ctx, w, s.io, language, true);
  s.retry = read_retry(ctx, w);
  s.catches = read_catch(ctx, w, language);
  read_processor(ctx, w, s);

  if (language == QueryLanguage::JsonPath) {
    // AWS: "ItemsPath ... specifies a reference path" to the array.
    if (auto p = read_path(ctx, w, "ItemsPath", PathKind::ReferencePath, false)) s.items_path = std::move(*p);
    s.item_selector = read_template(ctx, w, "ItemSelector");
    if (field(w.object, "ItemSelector") && field(w.object, "Parameters"))
      ctx.schema("'Parameters' (legacy) and 'ItemSelector' cannot both be set", w.at("Parameters"));
    if (!s.item_selector && s.io.parameters) {
      s.item_selector = std::move(s.io.parameters);
      s.io.parameters.reset();
    }
  } else {
    if (const Json* items = field(w.object, "Items")) {
      if (!items->is_array() && !is_jsonata_expression(*items))
        ctx.schema("The value for the field 'Items' must be an array or a JSONata expression", w.at("Items"));
      s.items = *items;
    }
    if (const Json* sel = field(w.object, "ItemSelector"); sel && !sel->is_object())
      ctx.schema("The value for the field 'ItemSelector' must be a JSON object", w.at("ItemSelector"));
  }

  value_or_path(ctx, w, language, "MaxConcurrency", "MaxConcurrencyPath",
                [&] {
                  s.max_concurrency =
                      read_integer(ctx, w, "MaxConcurrency", 0, std::numeric_limits<std::int64_t>::max()).value_or(0);
                },
                s.max_concurrency_path);
  value_or_path(ctx, w, language, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
                [&] { s.tolerated_failure_percentage = read_number(ctx, w, "ToleratedFailurePercentage", 0, 100); },
                s.tolerated_failure_percentage_path);
  value_or_path(ctx, w, language, "ToleratedFailureCount", "ToleratedFailureCountPath",
                [&] { s.tolerated_failure_count = read_integer(ctx, w, "ToleratedFailureCount", 0); },
                s.tolerated_failure_count_path);

  read_item_reader(ctx, w, s, language);
  read_item_batcher(ctx, w, s, language);
  read_result_writer(ctx, w, s, language);
  check_label(ctx, w, s);
  return s;
}

}  // namespace stepwise::definitions::parser
