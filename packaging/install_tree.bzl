"""The command that writes an install tree (install_tree.py), for the genrules of packaging/BUILD.bazel."""

def install_tree_cmd(libdir, pc_prefix):
    """The genrule command writing the tree with libraries in `libdir` and hdsc.pc for `pc_prefix`."""
    return " ".join([
        "python3 $(location install_tree.py) --out $@",
        "--libdir " + libdir,
        "--pc-prefix " + pc_prefix,
        "--version-header $(location //capi:hdsc.h)",
        "--program $(location //cli:hdscheck)",
        "--library $(location //capi:libhdsc.so.2)",
        "--header $(location //capi:hdsc.h)",
        "--pc-in $(location hdsc.pc.in)",
        "--cmake-in $(location hdscConfig.cmake.in)",
        "--cmake-version-in $(location hdscConfigVersion.cmake.in)",
        "--group share/hdsc/controls controls/ $(locations //controls:packs)",
        "--group share/hdsc/examples controls/examples/ $(locations //controls/examples)",
        "$(location //controls/examples:README.md)",
        "--group share/hdsc/schema - $(locations //lib/model:protos)",
        "--file share/hdsc/schema/dossier.schema.json=$(location //lib/model:dossier_schema)",
        "--file share/man/man1/hdscheck.1=$(location //cli:hdscheck.1)",
        "--file share/man/fr/man1/hdscheck.1=$(location //cli:hdscheck.fr.1)",
        "--file share/bash-completion/completions/hdscheck=$(location //cli:hdscheck.bash-completion)",
    ])

