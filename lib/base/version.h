// The release of hdsc, written into SARIF and OSCAL reports and reported by every front end, and the version of its
// C ABI. capi/hdsc.h repeats both (a C header cannot include this one); capi/hdsc.cc checks that they agree.
#ifndef HDSC_LIB_BASE_VERSION_H_
#define HDSC_LIB_BASE_VERSION_H_

namespace hdsc::base {

inline constexpr char kVersion[] = "0.2.0";
// The version of the C ABI: the N of the SONAME libhdsc.so.N (HDSC_ABI_VERSION).
inline constexpr int kAbiVersion = 2;

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_VERSION_H_
