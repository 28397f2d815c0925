/*
 * A stand-in for Windows' bcryptprimitives.dll, for the tests under Wine only.
 *
 * Rust's standard library (1.78 and later) takes its randomness from ProcessPrng in
 * bcryptprimitives.dll, which every supported Windows has and Wine 8.0 does not: a
 * psr.exe run under Wine 8.0 stops before main. The tests put this DLL beside the
 * exe in a folder of their own; it is never shipped (packaging/ does not take it)
 * and never needed on Windows. ProcessPrng is answered by RtlGenRandom
 * (SystemFunction036 in advapi32), which Wine has.
 *
 * Built by .ci/windows: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll
 *   tests/windows/bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
