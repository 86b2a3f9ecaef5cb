"""Compiles .proto files with Debian's protoc into a cc_library (Bazel 4's proto rules would download protobuf)."""

load("@rules_cc//cc:defs.bzl", "cc_library")

def hdsc_proto_library(name, srcs, deps = [], visibility = None):
    """A cc_library of the C++ code protoc generates for `srcs`.

    Imports resolve from the workspace root and from /usr/include (the well-known types).
    `deps` are other hdsc_proto_library targets whose .proto files `srcs` import.
    """
    pkg = native.package_name()
    hdrs = [s[:-len(".proto")] + ".pb.h" for s in srcs]
    ccs = [s[:-len(".proto")] + ".pb.cc" for s in srcs]
    native.genrule(
        name = name + "_protoc",
        srcs = srcs + [d + "_srcs" for d in deps],
        outs = hdrs + ccs,
        cmd = "protoc -I. -I/usr/include --cpp_out=$(GENDIR) " +
              " ".join([pkg + "/" + s for s in srcs]),
    )
    native.filegroup(name = name + "_srcs", srcs = srcs, visibility = visibility)
    cc_library(
        name = name,
        srcs = ccs,
        hdrs = hdrs,
        deps = deps + ["//third_party/system:protobuf"],
        visibility = visibility,
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
