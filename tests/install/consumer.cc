// A C++ program built with CMake against an installed hdsc: find_package(hdsc CONFIG REQUIRED), hdsc::hdsc.
//   usage: consumer_cxx DOSSIER      exit: 0 nothing fails, 1 something fails, 2 could not check
#include <hdsc/hdsc.h>

#include <iostream>
#include <memory>

namespace {

struct Free {
  void operator()(hdsc_checker* checker) const { hdsc_checker_free(checker); }
  void operator()(hdsc_report* report) const { hdsc_report_free(report); }
  void operator()(hdsc_error* error) const { hdsc_error_free(error); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  hdsc_checker_options options;
  hdsc_checker_options_init(&options);
  hdsc_checker* raw_checker = nullptr;
  std::unique_ptr<hdsc_error, Free> error(hdsc_checker_new(&raw_checker, &options));
  std::unique_ptr<hdsc_checker, Free> checker(raw_checker);
  hdsc_report* raw_report = nullptr;
  if (!error) {
    hdsc_check_options check_options;
    hdsc_check_options_init(&check_options);
    check_options.now_seconds = 1795824000;
    error.reset(hdsc_checker_check_file(&raw_report, checker.get(), argv[1], &check_options));
  }
  std::unique_ptr<hdsc_report, Free> report(raw_report);
  if (error) {
    std::cerr << "consumer_cxx: " << hdsc_error_message(error.get()) << "\n";
    return 2;
  }
  std::cout << "libhdsc " << hdsc_version_string() << " from C++: " << hdsc_report_finding_count(report.get())
            << " findings\n";
  return hdsc_report_has_failure(report.get(), HDSC_SEVERITY_INFO) ? 1 : 0;
}
