#!/usr/bin/env bash
# Try tracker's portable Windows zip (and, when given, a PyInstaller tracker.exe built on
# Windows) under wine on Linux, the way a Chinese office PC would run it, and report what it
# showed. A help for a person before a release; it is NOT run in CI.
#
#   scripts/try_under_wine.sh dist/tracker-0.1.0-win64.zip [tracker.exe]
#
# Needs Debian's wine (as root: apt-get install wine64 mingw-w64 unzip; for the code page of a
# Chinese PC also `localedef -i zh_CN -f UTF-8 zh_CN.UTF-8`, from the package locales).
#
# What it does:
#   - makes a throwaway WINEPREFIX in a temporary folder (removed at the end unless
#     TRY_WINE_KEEP=1), wine's debug output off (WINEDEBUG=-all), no display needed;
#   - maps the temporary folder as drive D: and unzips into "D:\办公 软件\" (Chinese and a
#     space in the path), then runs through `wine cmd /c`: tracker.cmd --version, demo into
#     "D:\演示 中文 数据", status --json, check (not a workbook, a missing file, a workbook
#     with a bad input), a usage error, monthly-update.cmd and its logs\update.log,
#     tracker.cmd called by its full path from another folder, and monthly-update.cmd
#     started directly by its full path with a quoted workbook, as Task Scheduler does;
#     with a tracker.exe, the same steps with it (`tracker.exe update` for the monthly one);
#   - prints what each step showed and a table of step / expected / got / OK, and exits 0
#     when every step was as expected, 1 otherwise, 2 for a usage problem or missing tool.
#
# Wine 8.0 (Debian 12's) has no bcryptprimitives.dll, whose ProcessPrng the Rust extensions
# python-calamine and css-inline import (Rust >= 1.78), so importing them fails there with
#   err:module:import_dll Library bcryptprimitives.dll (which is needed by
#     L"...\_python_calamine.cp312-win_amd64.pyd") not found
#   ImportError: DLL load failed while importing _python_calamine: Module not found.
# This script first shows that failure, then, only when the installed wine lacks
# ProcessPrng, builds the shim scripts/wine/bcryptprimitives.c with mingw-w64 into the
# throwaway prefix's system32 (WINEDLLOVERRIDES=bcryptprimitives=n,b). Real Windows 10/11
# has ProcessPrng: the shim is for trying under wine only and must NEVER go into the
# release zip (the script checks that the zip holds no bcryptprimitives.dll).
set -euo pipefail

usage() {
    echo "usage: $0 PATH/TO/tracker-<version>-win64.zip [PATH/TO/tracker.exe]" >&2
    exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
[[ $1 != -h && $1 != --help ]] || usage
zip_file=$(realpath -- "$1")
exe_file=""
[[ -f $zip_file ]] || { echo "$1 does not exist" >&2; exit 2; }
if [[ $# -eq 2 ]]; then
    exe_file=$(realpath -- "$2")
    [[ -f $exe_file ]] || { echo "$2 does not exist" >&2; exit 2; }
fi
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
shim_source="$here/wine/bcryptprimitives.c"

# --- tools -------------------------------------------------------------------------------
WINE=$(command -v wine || command -v wine64 || true)
if [[ -z $WINE ]]; then
    echo "wine is not installed. As root: apt-get install wine64 mingw-w64 unzip" >&2
    exit 2
fi
if ! command -v unzip >/dev/null; then
    echo "unzip is not installed. As root: apt-get install unzip" >&2
    exit 2
fi

# A Chinese PC runs in code page 936; wine takes its code page from the Unix locale, so use
# zh_CN.UTF-8 when this machine has it, else C.UTF-8 (code page 1252: tracker then prints ?
# for Chinese text, which is also worth seeing, but less like an office PC).
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
    export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
    ansi=GB18030 # what python.exe and cmd write to a pipe or a file: code page 936
else
    export LANG=C.UTF-8 LC_ALL=C.UTF-8
    ansi=CP1252
    echo "note: no zh_CN.UTF-8 locale here, so wine runs in code page 1252, not 936 as a" \
        "Chinese PC; as root: localedef -i zh_CN -f UTF-8 zh_CN.UTF-8" >&2
fi

# --- a throwaway prefix ------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/try-under-wine.XXXXXX")
export WINEPREFIX="$work/prefix"
export WINEDEBUG=-all
# No Mono/Gecko download prompts and no menu entries; no display is used.
base_overrides="mscoree,mshtml=;winemenubuilder.exe=d"
export WINEDLLOVERRIDES="$base_overrides"
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
    WINEPREFIX="$work/prefix" wineserver -k >/dev/null 2>&1 || true
    if [[ ${TRY_WINE_KEEP:-0} == 1 ]]; then
        echo "kept: $work (WINEPREFIX=$work/prefix)"
    else
        rm -rf -- "$work"
    fi
}
trap cleanup EXIT

echo "== $("$WINE" --version) · LANG=$LANG · prefix $WINEPREFIX"
timeout 300 "$WINE" wineboot -i </dev/null >"$work/wineboot.log" 2>&1 || {
    echo "wineboot failed:" >&2
    cat "$work/wineboot.log" >&2
    exit 1
}
mkdir -p "$work/D"
ln -sfn "$work/D" "$WINEPREFIX/dosdevices/d:" # drive D: is $work/D

# Runs a Windows program under wine with its output read through a pipe: Python under wine
# 8.0 does not start when its stdout or stderr is a regular Unix file ("Fatal Python error:
# init_sys_streams: can't initialize sys standard streams / OSError: [WinError 6] Invalid
# handle"), which is wine's doing, not the zip's. Usage: wine_run UNIX_CWD OUTPUT_FILE ARG...
# Returns the program's exit code (124 when it ran more than 10 minutes).
wine_run() {
    local cwd=$1 out=$2
    shift 2
    local code
    # (bash clears -e inside a command substitution, so a failing pipeline is read, not fatal)
    code=$(cd -- "$cwd" && {
        timeout 600 "$WINE" "$@" </dev/null 2>&1 | cat >"$out"
        echo "${PIPESTATUS[0]}"
    })
    return "$code"
}

# Shows a step's output, turned from the Windows code page into UTF-8, at most 25 lines.
show() {
    local lines
    lines=$(iconv -f "$ansi" -t UTF-8 -c <"$1" | tr -d '\r')
    if [[ -n $lines ]]; then
        head -n 25 <<<"$lines" | sed 's/^/    | /'
        local count
        count=$(wc -l <<<"$lines")
        if ((count > 25)); then echo "    | … ($count lines)"; fi
    fi
}

# --- unzip into a folder with Chinese and a space -----------------------------------------
tool_parent="$work/D/办公 软件"
mkdir -p "$tool_parent"
unzip -q "$zip_file" -d "$tool_parent"
mapfile -t tops < <(find "$tool_parent" -mindepth 1 -maxdepth 1)
if [[ ${#tops[@]} -ne 1 || ! -d ${tops[0]} ]]; then
    echo "the zip should hold one folder; it holds: ${tops[*]##*/}" >&2
    exit 1
fi
tool_dir=${tops[0]}
tool_name=${tool_dir##*/}
tool_win="D:\\办公 软件\\$tool_name"
python_dir="$tool_dir/python"
echo "== unzipped to $tool_win"

# Table rows: step, expected, got, ok.
rows=()
failures=0
record() { # record STEP EXPECTED GOT [NOTE]
    local ok=yes
    if [[ $2 != "$3" ]]; then ok=NO; failures=$((failures + 1)); fi
    rows+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$ok${4:+ ($4)}")
}

# The layout the release spec fixes, and no shim in it.
for part in tracker.cmd monthly-update.cmd 使用说明.txt python/python.exe python/python312._pth \
    python/site-packages/tracker; do
    if [[ -e $tool_dir/$part ]]; then got=present; else got=missing; fi
    record "layout: $part" present "$got"
done
if find "$tool_dir" -iname 'bcryptprimitives.dll' | grep -q .; then got=present; else got=absent; fi
record "layout: no bcryptprimitives.dll" absent "$got"
for cmd_file in tracker.cmd monthly-update.cmd; do
    [[ -f $tool_dir/$cmd_file ]] || continue
    if grep -q $'[^\r]$' "$tool_dir/$cmd_file" || ! grep -q $'\r$' "$tool_dir/$cmd_file"; then
        got=no
    else
        got=yes
    fi
    record "layout: $cmd_file has CRLF lines" yes "$got"
done
if [[ -f $python_dir/python312._pth ]]; then
    echo "== python/python312._pth: $(tr -d '\r' <"$python_dir/python312._pth" | paste -sd' ')"
fi

# --- ProcessPrng: reproduce, detect, shim --------------------------------------------------
probe="$work/probe.txt"
prng_code=0
wine_run "$python_dir" "$probe" python.exe -I -c \
    "import ctypes; ctypes.WinDLL('bcryptprimitives').ProcessPrng" || prng_code=$?
if ((prng_code == 0)); then
    echo "== this wine has bcryptprimitives.dll with ProcessPrng: no shim needed"
else
    echo "== this wine has no ProcessPrng in bcryptprimitives.dll; importing python_calamine" \
        "without a shim (wine's module errors shown):"
    code=0
    WINEDEBUG=-all,err+module wine_run "$python_dir" "$work/no-shim.txt" python.exe -I -c \
        "import python_calamine" || code=$?
    grep -aE 'import_dll|Error' "$work/no-shim.txt" | iconv -f "$ansi" -t UTF-8 -c | tr -d '\r' |
        sed 's/^/    | /' || true
    echo "    exit code $code"
    if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
        echo "x86_64-w64-mingw32-gcc is needed for the shim. As root: apt-get install mingw-w64" >&2
        exit 2
    fi
    system32="$WINEPREFIX/drive_c/windows/system32"
    x86_64-w64-mingw32-gcc -Wall -Wextra -shared -O2 -s -o "$system32/bcryptprimitives.dll" \
        "$shim_source" -ladvapi32
    export WINEDLLOVERRIDES="$base_overrides;bcryptprimitives=n,b"
    code=0
    wine_run "$python_dir" "$probe" python.exe -I -c \
        "import ctypes, python_calamine, css_inline; b = (ctypes.c_ubyte * 32)(); \
ctypes.WinDLL('bcryptprimitives').ProcessPrng(b, 32); print(bytes(b).hex())" || code=$?
    echo "== shim built from scripts/wine/bcryptprimitives.c into the prefix's system32" \
        "(only there); with it python_calamine and css_inline import: exit code $code," \
        "32 random bytes $(tr -d '\r\n' <"$probe")"
    record "shim: python_calamine, css_inline import" 0 "$code"
fi

# --- the steps ---------------------------------------------------------------------------
# run_steps LABEL RUNNER RUN_DIR_UNIX DEMO_WIN DEMO_UNIX
#   RUNNER is what is typed in cmd (tracker.cmd or tracker.exe), run from RUN_DIR_UNIX.
run_steps() {
    local label=$1 runner=$2 run_dir=$3 demo_win=$4 demo_unix=$5
    local book_win="$demo_win\\guangming-ai-2025-demo.xlsx"
    local book_unix="$demo_unix/guangming-ai-2025-demo.xlsx"
    local n=0 out code

    # step NAME EXPECTED ARG... : runs `wine cmd /c ARG...` in run_dir, shows and records it.
    step() {
        local name=$1 expected=$2
        shift 2
        n=$((n + 1))
        out="$work/$label-$n.txt"
        code=0
        echo
        echo "-- [$label] cmd /c $*"
        wine_run "$run_dir" "$out" cmd /c "$@" || code=$?
        show "$out"
        echo "    exit code $code"
        record "$label: $name" "$expected" "$code"
    }

    step "--version" 0 "$runner" --version
    mkdir -p "$demo_unix"
    step "demo into a Chinese folder" 0 "$runner" demo "$demo_win"
    if [[ -f $book_unix ]]; then got=present; else got=missing; fi
    record "$label: demo workbook written" present "$got"

    step "status --json --as-of" 0 "$runner" status --json "$book_win" --as-of 2025-06-30
    if grep -q '"as_of": "2025-06-30"' "$out"; then got=yes; else got=no; fi
    record "$label: status JSON has as_of" yes "$got"

    printf 'not a workbook\r\n' >"$demo_unix/不是工作簿.xlsx"
    step "check: not a workbook" 2 "$runner" check "$demo_win\\不是工作簿.xlsx"
    step "check: missing file" 2 "$runner" check "$demo_win\\没有这个文件.xlsx"

    # A workbook with a word where a number belongs, written by openpyxl in the zip's Python.
    code=0
    wine_run "$python_dir" "$work/$label-bad.txt" python.exe -I -c \
        "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); \
wb['\u6708\u5ea6\u586b\u62a5']['E2'] = '\u5f88\u591a'; wb.save(sys.argv[2])" \
        "$book_win" "$demo_win\\输入 有误.xlsx" || code=$?
    ((code == 0)) || { echo "    (making the bad workbook failed:)"; show "$work/$label-bad.txt"; }
    step "check: bad input" 1 "$runner" check "$demo_win\\输入 有误.xlsx"

    step "usage error update --month 13" 2 "$runner" update --month 13

    if [[ $runner == tracker.cmd ]]; then
        local log="$run_dir/logs/update.log"
        step "monthly-update.cmd --month 2025-07" 0 monthly-update.cmd "$book_win" --month 2025-07
        if [[ -f $log ]] && grep -q '^==== exit 0' "$log"; then got=yes; else got=no; fi
        record "$label: logs\\update.log written, exit 0" yes "$got"
        if [[ -f $log ]]; then
            echo "    logs\\update.log:"
            show "$log"
        fi
        # As Task Scheduler or a shortcut would: by full path, from another folder.
        local saved=$run_dir
        run_dir=$demo_unix
        step "tracker.cmd by full path elsewhere" 0 "$tool_win\\tracker.cmd" --version
        run_dir=$saved
        # As Task Scheduler starts it: the .cmd itself by its full path (CreateProcess, no
        # `cmd /c` typed), the workbook quoted, from the workbook's folder.
        local before after
        before=$(grep -c '^==== exit' "$log" 2>/dev/null || true)
        n=$((n + 1))
        out="$work/$label-$n.txt"
        code=0
        echo
        echo "-- [$label] $tool_win\\monthly-update.cmd $book_win --month 2025-08 (started directly)"
        wine_run "$demo_unix" "$out" "$tool_win\\monthly-update.cmd" "$book_win" --month 2025-08 ||
            code=$?
        show "$out"
        echo "    exit code $code"
        record "$label: monthly-update.cmd started directly" 0 "$code"
        after=$(grep -c '^==== exit' "$log" 2>/dev/null || true)
        if ((${after:-0} == ${before:-0} + 1)) && tail -n 1 "$log" | grep -q '^==== exit 0'; then
            got=yes
        else
            got=no
        fi
        record "$label: update.log appended, exit 0" yes "$got"
        if [[ -f $log ]]; then
            echo "    logs\\update.log, last 3 lines:"
            tail -n 3 "$log" >"$work/log-tail.txt"
            show "$work/log-tail.txt"
        fi
        # A log it cannot write (a file where the logs folder goes: root ignores read-only
        # permissions, so this is how a folder it may not write is shown): exit 73 at once.
        mv "$run_dir/logs" "$run_dir/logs.kept"
        : >"$run_dir/logs"
        step "monthly-update.cmd, logs not writable" 73 monthly-update.cmd "$book_win" --month 2025-07
        rm "$run_dir/logs"
        mv "$run_dir/logs.kept" "$run_dir/logs"
    else
        step "update --month 2025-07" 0 "$runner" update "$book_win" --month 2025-07
    fi
}

run_steps zip tracker.cmd "$tool_dir" "D:\\演示 中文 数据" "$work/D/演示 中文 数据"

if [[ -n $exe_file ]]; then
    exe_dir="$work/D/办公 软件/单文件 版"
    mkdir -p "$exe_dir"
    cp -- "$exe_file" "$exe_dir/tracker.exe"
    run_steps exe tracker.exe "$exe_dir" "D:\\演示 中文 数据 exe" "$work/D/演示 中文 数据 exe"
fi

# --- the table ---------------------------------------------------------------------------
echo
echo "== $(basename -- "$zip_file")${exe_file:+ and $(basename -- "$exe_file")} under $("$WINE" --version)"
{
    printf 'step\texpected\tgot\tOK\n'
    printf '%s\n' "${rows[@]}"
} | if command -v column >/dev/null; then column -t -s $'\t'; else cat; fi
if ((failures > 0)); then
    echo "$failures step(s) not as expected"
    exit 1
fi
echo "every step as expected"
