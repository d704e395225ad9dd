/*
 * bcryptprimitives.dll shim for trying tracker's portable zip under wine ONLY.
 *
 * Rust's standard library (Rust >= 1.78) gets random bytes from ProcessPrng in
 * bcryptprimitives.dll, so the Rust extensions tracker depends on
 * (python-calamine, css-inline) import it. Debian's wine64 8.0 ships no
 * bcryptprimitives.dll at all, so importing those extensions fails with
 *   err:module:import_dll Library bcryptprimitives.dll (which is needed by
 *   L"...\_python_calamine.cp312-win_amd64.pyd") not found
 *   ImportError: DLL load failed while importing _python_calamine: Module not found.
 * Real Windows 10/11 has the DLL, so this file never goes into a release:
 * scripts/try_under_wine.sh builds it into its throwaway wine prefix when the
 * installed wine lacks ProcessPrng, and nowhere else.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *            bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* Fills data with cbData random bytes. Like Windows' own, it always returns TRUE. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T cbData)
{
    while (cbData > 0) {
        /* RtlGenRandom takes a ULONG count: ask in chunks of at most 1 MiB. */
        ULONG chunk = cbData > 0x100000 ? 0x100000 : (ULONG)cbData;
        if (!SystemFunction036(data, chunk))
            return FALSE; /* never seen; a caller like Rust's std then aborts */
        data += chunk;
        cbData -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH)
        DisableThreadLibraryCalls(instance);
    return TRUE;
}
