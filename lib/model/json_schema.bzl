"""The JSON Schema (draft 2020-12) of a message's protobuf JSON form, generated from its .proto files."""

load("//third_party/system:proto.bzl", "hdsc_descriptor_set")

def hdsc_json_schema(name, protos, root, title, out, visibility = None, testonly = False):
    """Writes `out`, the JSON Schema of message `root` (a full name), with the comments of its .proto files.

    `protos` are the hdsc_proto_library targets that define `root` and the messages it holds.
    See lib/model/json_schema_main.cc for how each protobuf type maps to the schema.
    """
    hdsc_descriptor_set(name = name + "_descriptors", protos = protos, testonly = testonly)
    native.genrule(
        name = name,
        srcs = [":" + name + "_descriptors"],
        outs = [out],
        tools = ["//lib/model:json_schema_main"],
        cmd = "$(location //lib/model:json_schema_main) $(location :%s_descriptors) %s '%s' > $@" % (name, root, title),
        visibility = visibility,
        testonly = testonly,
    )
