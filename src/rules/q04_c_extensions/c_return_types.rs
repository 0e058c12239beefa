//! What well-known C functions return, for PX0401: names whose result a C `int` cannot
//! hold. A function of this name in a loaded library is, in practice, the C library's or
//! the Windows API's function of that name. Everything else (Win32 `BOOL` and `DWORD`
//! results, libc's `int` status codes) fits the `c_int` ctypes assumes, and is left to
//! what the code does with the result.

/// The kind of C return value that a C `int` misreads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CReturn {
    /// An address: `void *`, `char *`, `FILE *`, a module or heap handle that is one.
    Pointer,
    /// A `double` (or a `float`): returned in a floating-point register, so ctypes reads
    /// an unrelated integer register.
    Double,
    /// A 64-bit integer: `size_t`, `ssize_t`, `time_t`, `off_t`, `long` on LP64,
    /// `ULONGLONG`.
    Wide,
    /// A Windows kernel or window handle: pointer-sized, though its value fits 32 bits, so
    /// a truncated one usually still works, and a comparison with `INVALID_HANDLE_VALUE`
    /// written as a pointer-sized `-1` does not.
    Handle,
}

/// C library and POSIX functions that return a pointer.
const POINTER: &[&str] = &[
    "malloc",
    "calloc",
    "realloc",
    "reallocarray",
    "aligned_alloc",
    "valloc",
    "memalign",
    "strdup",
    "strndup",
    "wcsdup",
    "getenv",
    "secure_getenv",
    "strerror",
    "strchr",
    "strrchr",
    "strstr",
    "strpbrk",
    "strtok",
    "strcpy",
    "strncpy",
    "strcat",
    "strncat",
    "memcpy",
    "memmove",
    "memset",
    "memchr",
    "dlopen",
    "dlsym",
    "dlerror",
    "fopen",
    "fdopen",
    "freopen",
    "popen",
    "tmpfile",
    "fgets",
    "mmap",
    "getcwd",
    "realpath",
    "ctime",
    "asctime",
    "localtime",
    "gmtime",
    "getpwnam",
    "getpwuid",
    "getgrnam",
    "getgrgid",
    "getlogin",
    "ttyname",
    "setlocale",
    "nl_langinfo",
    "inet_ntoa",
    "gai_strerror",
    "opendir",
    "readdir",
    "if_nametoindex_r",
    // Windows: addresses (module bases, procedures, memory).
    "GetModuleHandleA",
    "GetModuleHandleW",
    "LoadLibraryA",
    "LoadLibraryW",
    "LoadLibraryExA",
    "LoadLibraryExW",
    "GetProcAddress",
    "VirtualAlloc",
    "VirtualAllocEx",
    "HeapAlloc",
    "HeapReAlloc",
    "GetProcessHeap",
    "HeapCreate",
    "LocalAlloc",
    "LocalLock",
    "GlobalAlloc",
    "GlobalLock",
    "MapViewOfFile",
    "MapViewOfFileEx",
    "GetCommandLineA",
    "GetCommandLineW",
    "GetEnvironmentStringsW",
    "CommandLineToArgvW",
    // macOS: Objective-C runtime and Core Foundation objects.
    "objc_getClass",
    "objc_lookUpClass",
    "objc_getProtocol",
    "object_getClass",
    "sel_registerName",
    "objc_msgSend",
    "CFStringCreateWithCString",
    "CFRunLoopGetCurrent",
    "CFRunLoopGetMain",
    "CFBundleGetMainBundle",
];

/// C math and conversion functions that return a `double`. The `f` (`float`) and `l`
/// (`long double`) variants are recognised too.
const DOUBLE: &[&str] = &[
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "pow",
    "sqrt",
    "cbrt",
    "hypot",
    "fabs",
    "floor",
    "ceil",
    "round",
    "trunc",
    "fmod",
    "remainder",
    "fmin",
    "fmax",
    "fma",
    "erf",
    "erfc",
    "tgamma",
    "lgamma",
    "ldexp",
    "frexp",
    "modf",
    "nextafter",
    "copysign",
    "atof",
    "strtod",
    "difftime",
    "drand48",
];

/// Functions that return a 64-bit integer on 64-bit platforms whose values do go beyond 32
/// bits: sizes and file offsets past 2 GiB, parsed numbers, processor time past 35 minutes
/// (`clock`). Any name ending in `64` (`GetTickCount64`, `lseek64`, `_ftelli64`) counts
/// too. (`time`, `sysconf` and `random` return a `long` whose values fit a C `int` today.)
const WIDE: &[&str] = &[
    "strlen",
    "strnlen",
    "wcslen",
    "wcsnlen",
    "fread",
    "fwrite",
    "malloc_usable_size",
    "clock",
    "lseek",
    "ftell",
    "ftello",
    "strtol",
    "strtoul",
    "strtoll",
    "strtoull",
    "atol",
    "atoll",
    "labs",
    "llabs",
];

/// Windows functions that return a kernel object or window handle.
const HANDLE: &[&str] = &[
    "GetStdHandle",
    "CreateFileA",
    "CreateFileW",
    "OpenProcess",
    "OpenThread",
    "GetCurrentProcess",
    "GetCurrentThread",
    "CreateEventA",
    "CreateEventW",
    "OpenEventW",
    "CreateMutexA",
    "CreateMutexW",
    "OpenMutexW",
    "CreateSemaphoreW",
    "CreateThread",
    "CreateRemoteThread",
    "CreateToolhelp32Snapshot",
    "CreateFileMappingA",
    "CreateFileMappingW",
    "OpenFileMappingW",
    "CreateJobObjectW",
    "CreateIoCompletionPort",
    "CreateNamedPipeA",
    "CreateNamedPipeW",
    "FindFirstFileA",
    "FindFirstFileW",
    "FindFirstChangeNotificationW",
    "GetForegroundWindow",
    "GetDesktopWindow",
    "GetConsoleWindow",
    "FindWindowA",
    "FindWindowW",
    "FindWindowExW",
    "GetWindow",
    "GetParent",
    "GetDC",
    "GetWindowDC",
    "CreateCompatibleDC",
    "CreateWindowExW",
    "SetWindowsHookExA",
    "SetWindowsHookExW",
    "GetClipboardData",
    "SetClipboardData",
    "GetProcessWindowStation",
    "GetThreadDesktop",
    "OpenInputDesktop",
];

/// What the C function of this name returns, when a C `int` cannot hold it.
pub(super) fn known_return(name: &str) -> Option<CReturn> {
    if POINTER.contains(&name) {
        Some(CReturn::Pointer)
    } else if HANDLE.contains(&name) {
        Some(CReturn::Handle)
    } else if WIDE.contains(&name) || (name.ends_with("64") && name.len() > 2) {
        Some(CReturn::Wide)
    } else if is_math(name) {
        Some(CReturn::Double)
    } else {
        None
    }
}

/// `sqrt`, and its `sqrtf` and `sqrtl` variants.
fn is_math(name: &str) -> bool {
    DOUBLE.contains(&name)
        || ["f", "l"].iter().any(|suffix| {
            name.strip_suffix(suffix)
                .is_some_and(|base| DOUBLE.contains(&base))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_return_types() {
        assert_eq!(known_return("malloc"), Some(CReturn::Pointer));
        assert_eq!(known_return("GetProcAddress"), Some(CReturn::Pointer));
        assert_eq!(known_return("cbrt"), Some(CReturn::Double));
        assert_eq!(known_return("sqrtf"), Some(CReturn::Double));
        assert_eq!(known_return("GetTickCount64"), Some(CReturn::Wide));
        assert_eq!(known_return("strlen"), Some(CReturn::Wide));
        assert_eq!(known_return("GetStdHandle"), Some(CReturn::Handle));
        // `BOOL`, `DWORD` and `int` results: a C int is right.
        assert_eq!(known_return("GetConsoleMode"), None);
        assert_eq!(known_return("GetLastError"), None);
        assert_eq!(known_return("getpid"), None);
        assert_eq!(known_return("IsWow64Process"), None);
    }
}
