"""Compiles .proto files with Debian's protoc into a cc_library (Bazel 4's proto rules would download protobuf)."""

load("@rules_cc//cc:defs.bzl", "cc_library")

def hdsc_proto_library(name, srcs, deps = [], visibility = None, field_accessors = False):
    """A cc_library of the C++ code protoc generates for `srcs`.

    Imports resolve from the workspace root and from /usr/include (the well-known types).
    `deps` are other hdsc_proto_library targets whose .proto files `srcs` import.
    With `field_accessors`, the library also registers, as the program starts, accessors that let
    the CEL engine read the int, enum and message fields of these messages without reflection
    (lib/base/field_accessors.h).
    """
    pkg = native.package_name()
    hdrs = [s[:-len(".proto")] + ".pb.h" for s in srcs]
    ccs = [s[:-len(".proto")] + ".pb.cc" for s in srcs]
    files = " ".join([pkg + "/" + s for s in srcs])
    native.genrule(
        name = name + "_protoc",
        srcs = srcs + [d + "_srcs" for d in deps],
        outs = hdrs + ccs,
        cmd = "protoc -I. -I/usr/include --cpp_out=$(GENDIR) " + files,
    )
    native.filegroup(name = name + "_srcs", srcs = srcs, visibility = visibility)
    accessor_deps = []
    if field_accessors:
        native.genrule(
            name = name + "_field_accessors",
            srcs = srcs + [d + "_srcs" for d in deps],
            outs = [name + "_field_accessors.pb", name + "_field_accessors.cc"],
            tools = ["//lib/base:field_accessors_gen"],
            cmd = ("protoc -I. -I/usr/include --include_imports --descriptor_set_out=$(RULEDIR)/{name}_field_accessors.pb {files} && " +
                   "$(location //lib/base:field_accessors_gen) $(RULEDIR)/{name}_field_accessors.pb " +
                   "$(RULEDIR)/{name}_field_accessors.cc {files}").format(name = name, files = files),
        )
        ccs = ccs + [name + "_field_accessors.cc"]
        accessor_deps = ["//lib/base:field_accessors"]
    cc_library(
        name = name,
        srcs = ccs,
        hdrs = hdrs,
        deps = deps + accessor_deps + ["//third_party/system:protobuf"],
        visibility = visibility,
        # The accessors register themselves from a static initializer nothing else refers to.
        alwayslink = field_accessors,
    )

def hdsc_descriptor_set(name, protos, visibility = None, testonly = False):
    """A FileDescriptorSet, `name`.pb, of the .proto files of `protos` (hdsc_proto_library targets).

    Made with `--include_imports` (the well-known types they import are in it too) and
    `--include_source_info` (their comments are in it), for tools that read the schema and its documentation.
    """
    srcs = [p + "_srcs" for p in protos]
    native.genrule(
        name = name,
        srcs = srcs,
        outs = [name + ".pb"],
        cmd = "protoc -I. -I/usr/include --include_imports --include_source_info --descriptor_set_out=$@ " +
              " ".join(["$(locations %s)" % s for s in srcs]),
        visibility = visibility,
        testonly = testonly,
    )
