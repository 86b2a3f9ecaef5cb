// `hdscheck help --man`: the manual page hdscheck(1), in roff, made of the commands' help texts.
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "cli/flags.h"
#include "cli/help.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

// The parts of the page that are not a command's help.
struct PageText {
  const char* user_commands;
  const char* name;
  const char* description;
  const char* commands;
  // "NAME\ttext" lines.
  const char* environment_title;
  const char* environment;
  const char* files_title;
  const char* files;
  const char* see_also_title;
  const char* see_also;
};

constexpr PageText kPageEn = {
    "User Commands",
    "check health-data compliance dossiers against HDS, GDPR and ISO 27001 rule packs",
    "hdscheck reads a dossier, the facts an organisation states about its processing of personal and health "
    "data (JSON, protobuf text or binary), and checks it against rule packs: the French health-data hosting "
    "certification (HDS), the GDPR and ISO/IEC 27001:2022. It prints a report in text, JSON, SARIF, JUnit, HTML, "
    "OSCAL or Markdown. Each command is described below, with its options and exit codes, as "
    "`hdscheck COMMAND --help` prints it.",
    "COMMANDS",
    "ENVIRONMENT",
    "HDSC_RULES_DIR\tthe directory of the bundled rule packs, used when no --rules is given (default: "
    "share/hdsc/controls under the installation prefix)\n"
    "NO_COLOR\twhen set, `check` does not colour its text report, even on a terminal",
    "FILES",
    "share/hdsc/controls/\tthe bundled rule packs, with the profiles hospital, clinic and hds-host\n"
    "share/hdsc/schema/dossier.schema.json\tthe JSON Schema of the dossier, for editors: completion, "
    "documentation and validation as you type",
    "SEE ALSO",
    "sha256sum(1). The guides of the hdsc documentation: the dossier (dossier.md), validation (validate.md), "
    "rule packs (rules.md) and reports (reports.md).",
};

constexpr PageText kPageFr = {
    "Commandes utilisateur",
    "vérifier des dossiers de conformité de données de santé au regard de paquets de règles HDS, RGPD et "
    "ISO 27001",
    "hdscheck lit un dossier, les faits qu'une organisation déclare sur ses traitements de données personnelles "
    "et de santé (JSON, texte ou binaire protobuf), et le vérifie au regard de paquets de règles : la "
    "certification hébergeur de données de santé (HDS), le RGPD et ISO/IEC 27001:2022. Il affiche un rapport en "
    "texte, JSON, SARIF, JUnit, HTML, OSCAL ou Markdown. Chaque commande est décrite ci-dessous, avec ses options "
    "et ses codes de sortie, comme l'affiche `hdscheck help --lang fr COMMANDE`.",
    "COMMANDES",
    "ENVIRONNEMENT",
    "HDSC_RULES_DIR\tle répertoire des paquets de règles fournis, utilisé quand aucun --rules n'est donné (par "
    "défaut : share/hdsc/controls sous le préfixe d'installation)\n"
    "NO_COLOR\tsi elle est définie, `check` ne colore pas son rapport texte, même dans un terminal",
    "FICHIERS",
    "share/hdsc/controls/\tles paquets de règles fournis, avec les profils hospital, clinic et hds-host\n"
    "share/hdsc/schema/dossier.schema.json\tle schéma JSON du dossier, pour les éditeurs : complétion, "
    "documentation et validation à la frappe",
    "VOIR AUSSI",
    "sha256sum(1). Les guides de la documentation de hdsc : le dossier (dossier.md), la validation "
    "(validate.md), les paquets de règles (rules.md) et les rapports (reports.md).",
};

// `text` escaped for roff: backslashes and hyphens (so that options stay ASCII and copyable), a control
// character at the start of a line, and every non-ASCII character as `\[uXXXX]`, so that the page is ASCII.
std::string Escape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\\') {
        out += "\\e";
      } else if (c == '-') {
        out += "\\-";
      } else if ((c == '.' || c == '\'') && i == 0) {
        out += "\\&";
        out += static_cast<char>(c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence (the help texts are valid UTF-8).
    const int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    uint32_t code_point = c & (0x7F >> length);
    for (int k = 1; k < length && i + k < text.size(); ++k) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "\\[u%04X]", code_point);
    out += buffer;
    i += length;
  }
  return out;
}

size_t Indent(std::string_view line) {
  const size_t first = line.find_first_not_of(' ');
  return first == std::string_view::npos ? line.size() : first;
}

// Whether `token` is a metavariable (PATH, NAME=VALUE, RÉP): no ASCII lowercase letter.
bool IsMetavariable(std::string_view token) {
  for (char c : token) {
    if (c >= 'a' && c <= 'z') return false;
  }
  return true;
}

// An item line of a help list ("  --rules PATH     text", "  0   done"): its term and the start of its text.
// The term ends at two spaces or, failing that, at the first word that is neither an option nor a
// metavariable. False when the line has no text after its term.
bool SplitItem(std::string_view line, std::string_view& term, std::string_view& text) {
  line.remove_prefix(Indent(line));
  size_t end = line.find("  ");
  if (end == std::string_view::npos) {
    end = 0;
    while (end < line.size()) {
      const size_t space = line.find(' ', end);
      const std::string_view token = line.substr(end, space == std::string_view::npos ? line.npos : space - end);
      if (token.empty() || (token[0] != '-' && !IsMetavariable(token))) break;
      if (space == std::string_view::npos) return false;
      end = space + 1;
    }
  }
  term = line.substr(0, end);
  while (!term.empty() && term.back() == ' ') term.remove_suffix(1);
  text = line.substr(end);
  text.remove_prefix(Indent(text));
  return !term.empty() && !text.empty();
}

// A term in roff: options in bold, metavariables in italics.
std::string Term(std::string_view term) {
  std::string out;
  size_t start = 0;
  while (start < term.size()) {
    size_t space = term.find(' ', start);
    if (space == std::string_view::npos) space = term.size();
    const std::string_view token = term.substr(start, space - start);
    if (!out.empty()) out += ' ';
    out += (token[0] == '-' || token[0] == '<' || (token[0] >= '0' && token[0] <= '9')) ? "\\fB" : "\\fI";
    out += Escape(token) + "\\fR";
    start = space + 1;
  }
  return out;
}

// A help text (`hdscheck COMMAND --help`) in roff. The texts share one layout: usage lines first; paragraphs;
// lists under a heading line ending in ':' ("options:", "exit codes:") whose items start two spaces in and
// continue further in; indented lines elsewhere are shown as they are (examples).
std::string HelpToRoff(std::string_view help) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < help.size();) {
    size_t end = help.find('\n', start);
    if (end == std::string_view::npos) end = help.size();
    lines.push_back(help.substr(start, end - start));
    start = end + 1;
  }
  std::ostringstream out;
  size_t i = 0;
  // Usage lines: "usage: hdscheck ..." (French: "usage : ...") and the lines aligned under it.
  out << ".PP\n.nf\n";
  while (i < lines.size() && !lines[i].empty()) {
    std::string_view line = lines[i++];
    const size_t colon = line.find(':');
    if (line.rfind("usage", 0) == 0 && colon != std::string_view::npos) line.remove_prefix(colon + 1);
    line.remove_prefix(Indent(line));
    out << "\\fB" << Escape(line.substr(0, line.find(' '))) << "\\fR";
    if (line.find(' ') != std::string_view::npos) out << Escape(line.substr(line.find(' ')));
    out << "\n";
  }
  out << ".fi\n";
  enum class State { kNone, kParagraph, kList, kItem, kExample } state = State::kNone;
  for (; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const size_t indent = Indent(line);
    if (line.empty()) {
      if (state == State::kExample) out << ".fi\n.RE\n";
      state = state == State::kItem || state == State::kList ? State::kList : State::kNone;
      continue;
    }
    if (indent == 0) {
      if (state == State::kExample) out << ".fi\n.RE\n";
      if (line.back() == ':' && line.size() <= 30) {
        out << ".PP\n\\fB" << Escape(line) << "\\fR\n";
        state = State::kList;
        continue;
      }
      if (state != State::kParagraph) out << ".PP\n";
      out << Escape(line) << "\n";
      state = State::kParagraph;
      continue;
    }
    std::string_view term;
    std::string_view text;
    if ((state == State::kList || state == State::kItem) && indent == 2 && SplitItem(line, term, text)) {
      out << ".TP\n" << Term(term) << "\n" << Escape(text) << "\n";
      state = State::kItem;
      continue;
    }
    if (state == State::kItem && indent > 2) {
      out << Escape(line.substr(indent)) << "\n";
      continue;
    }
    if (state != State::kExample) out << ".PP\n.RS 4\n.nf\n";
    out << Escape(line.substr(indent)) << "\n";
    state = State::kExample;
  }
  if (state == State::kExample) out << ".fi\n.RE\n";
  return out.str();
}

// "NAME\ttext" lines as a tagged list.
std::string TaggedList(std::string_view lines) {
  std::string out;
  for (size_t start = 0; start < lines.size();) {
    size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size();
    const std::string_view line = lines.substr(start, end - start);
    const size_t tab = line.find('\t');
    out += ".TP\n\\fB" + Escape(line.substr(0, tab)) + "\\fR\n" + Escape(line.substr(tab + 1)) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string ManPage(std::string_view language) {
  const PageText& text = language == "fr" ? kPageFr : kPageEn;
  const bool french = language == "fr";
  std::ostringstream out;
  out << ".\\\" hdscheck(1), made by `hdscheck help --man" << (french ? " --lang fr" : "")
      << "` from the help texts of the commands (cli/); do not edit.\n";
  out << ".TH HDSCHECK 1 \"\" \"hdsc " << kVersion << "\" \"" << Escape(text.user_commands) << "\"\n";
  out << ".nh\n.ad l\n";
  out << ".SH " << (french ? "NOM" : "NAME") << "\nhdscheck \\- " << Escape(text.name) << "\n";
  out << ".SH SYNOPSIS\n.B hdscheck\n.I " << (french ? "COMMANDE" : "COMMAND") << "\n.RI [ "
      << (french ? "ARGUMENTS" : "ARGS") << " ...]\n";
  out << ".SH DESCRIPTION\n" << Escape(text.description) << "\n";
  out << ".SH " << text.commands << "\n";
  std::ostringstream usage;
  PrintUsage(language, usage);
  out << HelpToRoff(usage.str());
  for (const CommandInfo& command : DescribeCommands()) {
    out << ".SS \"hdscheck " << Escape(command.name) << "\"\n" << HelpToRoff(command.help.In(language));
  }
  out << ".SH " << text.environment_title << "\n" << TaggedList(text.environment);
  out << ".SH " << text.files_title << "\n" << TaggedList(text.files);
  out << ".SH \"" << text.see_also_title << "\"\n" << Escape(text.see_also) << "\n";
  return out.str();
}

}  // namespace hdsc::cli
