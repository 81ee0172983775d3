#!/bin/sh
# elfcore.sh - cores through the CLI: both gcores and the kernel core
# import with labelled segments and symbolized backtraces (--sysroot), the
# same core without its executable gives module+offset frames, a cut copy
# is imported partially with exit status 1 and its offsets on stderr, and
# a tarball member (no random access until spooled) still imports.
. "$(dirname "$0")/lib.inc"

F=fixtures/elfcore
EXE=/tmp/pmortem-elfcore/leaker

expect_rc "import cores" 0 "$PMORTEM" import --db "$DB" --sysroot "$F/sysroot" \
	"$F/leaker-gcore-1.core" "$F/leaker-gcore-2.core" "$F/leaker-kernel.core"
expect_eq "dumps" "gdb,leaker|gdb,leaker|kernel,leaker" \
	"$(q "SELECT producer || ',' || comm FROM dump ORDER BY dump_id" | tr -d '"' | paste -sd'|')"
expect_eq "pids from the leaker" \
	"$(awk '/^pid/{print $2}' $F/leaker-gcore-1.counts),$(awk '/^pid/{print $2}' $F/leaker-kernel.counts)" \
	"$(q "SELECT min(pid) || ',' || max(pid) FROM dump" | tr -d '"')"
expect_eq "every segment labelled" "0" \
	"$(q "SELECT count(*) FROM dump_segment WHERE label IS NULL OR label = ''")"
expect_eq "one heap per dump" "1|1|1" \
	"$(q "SELECT count(*) FROM dump_segment WHERE label = '[heap]' GROUP BY dump_id ORDER BY dump_id" | paste -sd'|')"
expect_eq "heap grew" "270336|675840" \
	"$(q "SELECT memsz FROM dump_segment WHERE label = '[heap]' AND dump_id <= 2 ORDER BY dump_id" | paste -sd'|')"
expect_eq "stacks" "2|2|2" \
	"$(q "SELECT count(*) FROM dump_segment WHERE label = '[stack]' GROUP BY dump_id ORDER BY dump_id" | paste -sd'|')"
expect_eq "crash backtrace" "crash_write|crash_in_leaker|crash_in_leaker|crash_in_leaker|main" \
	"$(q "SELECT f.symbol FROM dump_frame f JOIN dump_thread t USING (thread_id)
	      WHERE t.dump_id = 3 AND t.idx = 0 AND f.idx < 5 ORDER BY f.idx" | paste -sd'|')"
expect_eq "crash line" "leaker.c:170" \
	"$(q "SELECT replace(src_file, rtrim(src_file, replace(src_file, '/', '')), '') || ':' || src_line
	      FROM dump_frame f JOIN dump_thread t USING (thread_id)
	      WHERE t.dump_id = 3 AND t.idx = 0 AND f.idx = 0")"
expect_eq "worker waits in worker_idle" "3" \
	"$(q "SELECT count(*) FROM dump_frame WHERE symbol = 'worker_idle'")"
expect_eq "executable verified" "3" \
	"$(q "SELECT count(*) FROM dump_module WHERE name = '$EXE' AND build_id = '$(cat $F/leaker.build-id)' AND build_id_verified = 1")"
expect_eq "kernel page size, gdb bytes" "1|1|4096" \
	"$(q "SELECT value FROM dump_note WHERE note = 'NT_FILE' AND key = 'page_size' ORDER BY dump_id" | paste -sd'|')"

# without the executable: module + offset + build-id, no symbol
DB2=$T/nosym.db
expect_rc "import without sysroot" 0 "$PMORTEM" import --db "$DB2" "$F/leaker-kernel.core"
expect_eq "frame 0 as module+offset" "$EXE,0x1782,$(cat $F/leaker.build-id)," \
	"$("$PMORTEM" query --db "$DB2" --format csv "SELECT f.module, printf('0x%x', f.module_offset), f.build_id, f.symbol
	   FROM dump_frame f JOIN dump_thread t USING (thread_id) WHERE t.idx = 0 AND f.idx = 0" | tail -n +2)"

# a cut copy: partial, exit 1, offsets on stderr
head -c 28672 "$F/leaker-kernel.core" > "$T/cut.core"
expect_rc "truncated core" 1 "$PMORTEM" import --db "$T/cut.db" --no-unwind "$T/cut.core"
expect_grep "truncation message" "cut.core: offset 0x7000: warning: truncated: segment 6" "$T/err"
expect_eq "cut core kept" "1,partial" \
	"$("$PMORTEM" query --db "$T/cut.db" --format csv "SELECT d.truncated, s.status FROM dump d JOIN source s USING (source_id)" | tail -n +2)"

# an ELF cut inside its header is rejected with its offset, not skipped
printf '\177ELF\002\001\001' > "$T/short.core"
expect_rc "short ELF" 1 "$PMORTEM" import --db "$T/short.db" "$T/short.core"
expect_grep "short ELF message" "short.core: offset 0x0: ELF header cut short: file has 7 bytes" "$T/err"
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\004\000\076\000' > "$T/short2.core"
expect_rc "ELF core header cut" 1 "$PMORTEM" import --db "$T/short.db" "$T/short2.core"
expect_grep "short core message" "short2.core: offset 0x0: ELF header cut short: file has 20 bytes" "$T/err"

# an archive member
tar -C "$F" -cf "$T/cores.tar" leaker-kernel.core
expect_rc "core in a tarball" 0 "$PMORTEM" import --db "$T/tar.db" --sysroot "$F/sysroot" "$T/cores.tar"
expect_eq "tar member frames" "crash_write" \
	"$("$PMORTEM" query --db "$T/tar.db" --format csv "SELECT symbol FROM dump_frame WHERE idx = 0 ORDER BY thread_id LIMIT 1" | tail -n +2)"

# the Python twin: two gcores, read straight from .xz (spooled by the walker)
DB3=$T/py.db
expect_rc "python cores" 0 "$PMORTEM" import --db "$DB3" \
	"$F/python-gcore-1.core.xz" "$F/python-gcore-2.core.xz"
expect_eq "python dumps" "$(awk '/^pid/{print $2}' $F/python-gcore-1.counts)|/usr/bin/python3.11|2" \
	"$("$PMORTEM" query --db "$DB3" --format csv "SELECT DISTINCT pid || '|' || exe || '|' || (SELECT count(*) FROM dump) FROM dump" | tail -n +2)"
# a non-PIE executable with a separate .bss: the heap is the next range up
expect_eq "python heap is not the .bss" "anon|[heap]" \
	"$("$PMORTEM" query --db "$DB3" --format csv "SELECT label FROM dump_segment
	   WHERE dump_id = 1 AND vaddr >= (SELECT max(vaddr + memsz) FROM dump_segment
	   WHERE dump_id = 1 AND path = '/usr/bin/python3.11') ORDER BY vaddr LIMIT 2" | tail -n +2 | paste -sd'|')"
expect_eq "python main thread" "1|1" \
	"$("$PMORTEM" query --db "$DB3" --format csv "SELECT count(*) FROM dump_frame f JOIN dump_thread t USING (thread_id)
	   WHERE t.idx = 0 AND f.symbol = 'Py_BytesMain' GROUP BY t.dump_id" | tail -n +2 | paste -sd'|')"

finish
