/*
 * sar_columns.c - sysstat's sections and columns and the metrics they
 * become (see sar_columns.h for the naming rules): data, not code.
 *
 * One row per column: the name sar prints, the sadf -j key, the metric
 * field, the base unit, the factor to that unit, the kind, whether it is
 * an older name of another row's field, and a line for the metric catalog.
 * Sources for the names: sar(1) and sadf(1) of sysstat 12.6, the headers
 * in sysstat's own test outputs from 9.1.6 to 12.7 (the peer corpus), old
 * column sets quoted in bug reports (rd_sec/s, rxbyt/s, file-sz ...), and
 * fixtures/sar and fixtures/sadf captured on this machine.  Units stored:
 * kB = 1024 bytes, sectors and blocks = 512 bytes, MB = 1048576 bytes,
 * ms = 0.001 s, MHz = 1e6 Hz.
 */
#include <string.h>
#include <strings.h>

#include "sar_columns.h"

#define KB 1024.0
#define MB 1048576.0
#define SECT 512.0
#define MS 0.001

#define I(n, j) { n, j, NULL, NULL, 0, SAR_INSTANCE, 0, NULL, NULL }
#define T(n, j) { n, j, NULL, NULL, 0, SAR_TEXT, 0, NULL, NULL }
#define END { NULL, NULL, NULL, NULL, 0, SAR_VALUE, 0, NULL, NULL }
#define J1(a) { a, NULL, NULL }
#define J2(a, b) { a, b, NULL }

/* -u */
static const struct sar_column cpu_u_cols[] = {
	I("CPU", "cpu"),
	{ "%user", "user", "user_pct", "pct", 1, SAR_VALUE, 0,
	  "time running user code, guest time included (sar -u)", NULL },
	{ "%usr", "usr", "usr_pct", "pct", 1, SAR_VALUE, 0,
	  "time running user code, guest time excluded (sar -u ALL)", NULL },
	{ "%nice", "nice", "nice_pct", "pct", 1, SAR_VALUE, 0,
	  "time running niced user code", NULL },
	{ "%system", "system", "system_pct", "pct", 1, SAR_VALUE, 0,
	  "time in the kernel, hard and soft interrupts included (sar -u)", NULL },
	{ "%sys", "sys", "sys_pct", "pct", 1, SAR_VALUE, 0,
	  "time in the kernel, interrupts excluded (sar -u ALL)", NULL },
	{ "%iowait", "iowait", "iowait_pct", "pct", 1, SAR_VALUE, 0,
	  "idle time with disk I/O outstanding", NULL },
	{ "%steal", "steal", "steal_pct", "pct", 1, SAR_VALUE, 0,
	  "time a virtual CPU waited while the hypervisor ran another", NULL },
	{ "%irq", "irq", "irq_pct", "pct", 1, SAR_VALUE, 0,
	  "time servicing hardware interrupts", NULL },
	{ "%soft", "soft", "soft_pct", "pct", 1, SAR_VALUE, 0,
	  "time servicing softirqs", NULL },
	{ "%guest", "guest", "guest_pct", "pct", 1, SAR_VALUE, 0,
	  "time running a virtual processor", NULL },
	{ "%gnice", "gnice", "gnice_pct", "pct", 1, SAR_VALUE, 0,
	  "time running a niced guest", NULL },
	{ "%idle", "idle", "idle_pct", "pct", 1, SAR_VALUE, 0,
	  "idle time without outstanding disk I/O", NULL },
	END
};

/* -w */
static const struct sar_column task_w_cols[] = {
	{ "proc/s", "proc", "proc_per_s", "per_s", 1, SAR_VALUE, 0,
	  "tasks created per second", NULL },
	{ "cswch/s", "cswch", "cswch_per_s", "per_s", 1, SAR_VALUE, 0,
	  "context switches per second", NULL },
	END
};

/* -I */
static const struct sar_column intr_i_cols[] = {
	I("INTR", "intr"),
	{ "intr/s", "value", "intr_per_s", "per_s", 1, SAR_VALUE, 1,
	  "interrupts received per second (instance: the interrupt, \"sum\" for all; \"LOC/cpu3\" on one CPU)", NULL },
	{ "all", "all", "intr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "interrupts received per second (instance: the interrupt, \"sum\" for all; \"LOC/cpu3\" on one CPU)", NULL },
	END
};

/* -W */
static const struct sar_column swap_w_cols[] = {
	{ "pswpin/s", "pswpin", "pswpin_per_s", "per_s", 1, SAR_VALUE, 0,
	  "swap pages brought in per second", NULL },
	{ "pswpout/s", "pswpout", "pswpout_per_s", "per_s", 1, SAR_VALUE, 0,
	  "swap pages brought out per second", NULL },
	END
};

/* -B */
static const struct sar_column paging_b_cols[] = {
	{ "pgpgin/s", "pgpgin", "pgpgin_bytes_per_s", "bytes_per_s", KB, SAR_VALUE, 0,
	  "bytes paged in from disk per second (sar prints kB)", NULL },
	{ "pgpgout/s", "pgpgout", "pgpgout_bytes_per_s", "bytes_per_s", KB, SAR_VALUE, 0,
	  "bytes paged out to disk per second (sar prints kB)", NULL },
	{ "fault/s", "fault", "fault_per_s", "per_s", 1, SAR_VALUE, 0,
	  "page faults (major + minor) per second", NULL },
	{ "majflt/s", "majflt", "majflt_per_s", "per_s", 1, SAR_VALUE, 0,
	  "major faults per second: pages loaded from disk", NULL },
	{ "pgfree/s", "pgfree", "pgfree_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages put on the free list per second", NULL },
	{ "pgscank/s", "pgscank", "pgscank_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages scanned by kswapd per second", NULL },
	{ "pgscand/s", "pgscand", "pgscand_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages scanned directly (direct reclaim) per second", NULL },
	{ "pgsteal/s", "pgsteal", "pgsteal_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages reclaimed from the page and swap cache per second", NULL },
	{ "%vmeff", "vmeff-percent", "vmeff_pct", "pct", 1, SAR_VALUE, 0,
	  "page reclaim efficiency: pgsteal / pgscan", NULL },
	{ "pgprom/s", "pgprom", "pgprom_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages promoted to a faster memory tier per second", NULL },
	{ "pgdem/s", "pgdem", "pgdem_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages demoted to a slower memory tier per second", NULL },
	END
};

/* -b */
static const struct sar_column io_b_cols[] = {
	{ "tps", "tps", "tps", "per_s", 1, SAR_VALUE, 0,
	  "transfers (I/O requests) per second to physical devices", NULL },
	{ "rtps", "rtps", "rtps", "per_s", 1, SAR_VALUE, 0,
	  "read requests per second to physical devices", NULL },
	{ "wtps", "wtps", "wtps", "per_s", 1, SAR_VALUE, 0,
	  "write requests per second to physical devices", NULL },
	{ "dtps", "dtps", "dtps", "per_s", 1, SAR_VALUE, 0,
	  "discard requests per second to physical devices", NULL },
	{ "bread/s", "bread", "rd_bytes_per_s", "bytes_per_s", SECT, SAR_VALUE, 0,
	  "bytes read per second (sar prints 512-byte blocks)", NULL },
	{ "bwrtn/s", "bwrtn", "wr_bytes_per_s", "bytes_per_s", SECT, SAR_VALUE, 0,
	  "bytes written per second (sar prints 512-byte blocks)", NULL },
	{ "bdscd/s", "bdscd", "dc_bytes_per_s", "bytes_per_s", SECT, SAR_VALUE, 0,
	  "bytes discarded per second (sar prints 512-byte blocks)", NULL },
	END
};

/* -r */
static const struct sar_column memory_r_cols[] = {
	{ "kbmemfree", "memfree", "memfree_bytes", "bytes", KB, SAR_VALUE, 0,
	  "free memory", NULL },
	{ "kbavail", "avail", "avail_bytes", "bytes", KB, SAR_VALUE, 0,
	  "memory available without swapping (MemAvailable)", NULL },
	{ "kbmemused", "memused", "memused_bytes", "bytes", KB, SAR_VALUE, 0,
	  "used memory", NULL },
	{ "%memused", "memused-percent", "memused_pct", "pct", 1, SAR_VALUE, 0,
	  "used memory, percent of total", NULL },
	{ "kbbuffers", "buffers", "buffers_bytes", "bytes", KB, SAR_VALUE, 0,
	  "memory used as kernel buffers", NULL },
	{ "kbcached", "cached", "cached_bytes", "bytes", KB, SAR_VALUE, 0,
	  "memory used to cache data (page cache)", NULL },
	{ "kbcommit", "commit", "commit_bytes", "bytes", KB, SAR_VALUE, 0,
	  "memory needed for the current workload (Committed_AS)", NULL },
	{ "%commit", "commit-percent", "commit_pct", "pct", 1, SAR_VALUE, 0,
	  "commit as a percent of RAM + swap", NULL },
	{ "kbactive", "active", "active_bytes", "bytes", KB, SAR_VALUE, 0,
	  "active memory (recently used)", NULL },
	{ "kbinact", "inactive", "inact_bytes", "bytes", KB, SAR_VALUE, 0,
	  "inactive memory (reclaim candidates)", NULL },
	{ "kbdirty", "dirty", "dirty_bytes", "bytes", KB, SAR_VALUE, 0,
	  "memory waiting to be written back to disk", NULL },
	{ "kbshmem", "shared", "shmem_bytes", "bytes", KB, SAR_VALUE, 0,
	  "shared memory (Shmem)", NULL },
	{ "kbanonpg", "anonpg", "anonpg_bytes", "bytes", KB, SAR_VALUE, 0,
	  "non-file-backed pages mapped into user page tables", NULL },
	{ "kbslab", "slab", "slab_bytes", "bytes", KB, SAR_VALUE, 0,
	  "kernel slab memory", NULL },
	{ "kbkstack", "kstack", "kstack_bytes", "bytes", KB, SAR_VALUE, 0,
	  "kernel stacks", NULL },
	{ "kbpgtbl", "pgtbl", "pgtbl_bytes", "bytes", KB, SAR_VALUE, 0,
	  "page tables", NULL },
	{ "kbvmused", "vmused", "vmused_bytes", "bytes", KB, SAR_VALUE, 0,
	  "used virtual address space (VmallocUsed)", NULL },
	{ "frmpg/s", "frmpg", "frmpg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages freed per second, negative when allocated (old -R)", NULL },
	{ "bufpg/s", "bufpg", "bufpg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages added to buffers per second (old -R)", NULL },
	{ "campg/s", "campg", "campg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "pages added to the page cache per second (old -R)", NULL },
	{ "kbswpfree", NULL, "swpfree_bytes", "bytes", KB, SAR_VALUE, 0,
	  "free swap space", "swap_util" },
	{ "kbswpused", NULL, "swpused_bytes", "bytes", KB, SAR_VALUE, 0,
	  "used swap space", "swap_util" },
	{ "%swpused", NULL, "swpused_pct", "pct", 1, SAR_VALUE, 0,
	  "used swap space, percent", "swap_util" },
	{ "kbswpcad", NULL, "swpcad_bytes", "bytes", KB, SAR_VALUE, 0,
	  "cached swap: swapped out, swapped back in, still in swap", "swap_util" },
	END
};

/* -S */
static const struct sar_column swap_util_s_cols[] = {
	{ "kbswpfree", "swpfree", "swpfree_bytes", "bytes", KB, SAR_VALUE, 0,
	  "free swap space", NULL },
	{ "kbswpused", "swpused", "swpused_bytes", "bytes", KB, SAR_VALUE, 0,
	  "used swap space", NULL },
	{ "%swpused", "swpused-percent", "swpused_pct", "pct", 1, SAR_VALUE, 0,
	  "used swap space, percent", NULL },
	{ "kbswpcad", "swpcad", "swpcad_bytes", "bytes", KB, SAR_VALUE, 0,
	  "cached swap: swapped out, swapped back in, still in swap", NULL },
	{ "%swpcad", "swpcad-percent", "swpcad_pct", "pct", 1, SAR_VALUE, 0,
	  "cached swap, percent of used swap", NULL },
	END
};

/* -H */
static const struct sar_column hugepages_h_cols[] = {
	{ "kbhugfree", "hugfree", "hugfree_bytes", "bytes", KB, SAR_VALUE, 0,
	  "hugepage memory not yet allocated", NULL },
	{ "kbhugused", "hugused", "hugused_bytes", "bytes", KB, SAR_VALUE, 0,
	  "hugepage memory allocated", NULL },
	{ "%hugused", "hugused-percent", "hugused_pct", "pct", 1, SAR_VALUE, 0,
	  "hugepage memory allocated, percent", NULL },
	{ "kbhugrsvd", "hugrsvd", "hugrsvd_bytes", "bytes", KB, SAR_VALUE, 0,
	  "hugepage memory reserved", NULL },
	{ "kbhugsurp", "hugsurp", "hugsurp_bytes", "bytes", KB, SAR_VALUE, 0,
	  "hugepage memory surplus", NULL },
	END
};

/* -v */
static const struct sar_column kernel_tables_v_cols[] = {
	{ "dentunusd", "dentunusd", "dentunusd", "count", 1, SAR_VALUE, 0,
	  "unused entries in the directory cache", NULL },
	{ "file-nr", "file-nr", "file_nr", "count", 1, SAR_VALUE, 0,
	  "file handles in use", NULL },
	{ "file-sz", NULL, "file_nr", "count", 1, SAR_VALUE, 1,
	  "file handles in use", NULL },
	{ "inode-nr", "inode-nr", "inode_nr", "count", 1, SAR_VALUE, 0,
	  "inode handles in use", NULL },
	{ "inode-sz", NULL, "inode_nr", "count", 1, SAR_VALUE, 1,
	  "inode handles in use", NULL },
	{ "pty-nr", "pty-nr", "pty_nr", "count", 1, SAR_VALUE, 0,
	  "pseudo-terminals in use", NULL },
	{ "super-sz", NULL, "super_sz", "count", 1, SAR_VALUE, 0,
	  "super block handles in use (old sar)", NULL },
	{ "%super-sz", NULL, "super_sz_pct", "pct", 1, SAR_VALUE, 0,
	  "super block handles in use, percent of the maximum (old sar)", NULL },
	{ "dquot-sz", NULL, "dquot_sz", "count", 1, SAR_VALUE, 0,
	  "disk quota entries in use (old sar)", NULL },
	{ "%dquot-sz", NULL, "dquot_sz_pct", "pct", 1, SAR_VALUE, 0,
	  "disk quota entries in use, percent of the maximum (old sar)", NULL },
	{ "rtsig-sz", NULL, "rtsig_sz", "count", 1, SAR_VALUE, 0,
	  "queued real-time signals (old sar)", NULL },
	{ "%rtsig-sz", NULL, "rtsig_sz_pct", "pct", 1, SAR_VALUE, 0,
	  "queued real-time signals, percent of the maximum (old sar)", NULL },
	END
};

/* -q */
static const struct sar_column load_q_cols[] = {
	{ "runq-sz", "runq-sz", "runq_sz", "count", 1, SAR_VALUE, 0,
	  "tasks running or waiting for a CPU", NULL },
	{ "plist-sz", "plist-sz", "plist_sz", "count", 1, SAR_VALUE, 0,
	  "tasks in the task list", NULL },
	{ "ldavg-1", "ldavg-1", "ldavg_1", "load", 1, SAR_VALUE, 0,
	  "load average over the last minute", NULL },
	{ "ldavg-5", "ldavg-5", "ldavg_5", "load", 1, SAR_VALUE, 0,
	  "load average over the last 5 minutes", NULL },
	{ "ldavg-15", "ldavg-15", "ldavg_15", "load", 1, SAR_VALUE, 0,
	  "load average over the last 15 minutes", NULL },
	{ "blocked", "blocked", "blocked", "count", 1, SAR_VALUE, 0,
	  "tasks blocked waiting for I/O", NULL },
	END
};

/* -q CPU */
static const struct sar_column psi_cpu_q_cpu_cols[] = {
	{ "%scpu-10", "some_avg10", "some_avg10_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on CPU, 10 s average", NULL },
	{ "%scpu-60", "some_avg60", "some_avg60_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on CPU, 60 s average", NULL },
	{ "%scpu-300", "some_avg300", "some_avg300_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on CPU, 300 s average", NULL },
	{ "%scpu", "some_avg", "some_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on CPU during the interval", NULL },
	END
};

/* -q IO */
static const struct sar_column psi_io_q_io_cols[] = {
	{ "%sio-10", "some_avg10", "some_avg10_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on I/O, 10 s average", NULL },
	{ "%sio-60", "some_avg60", "some_avg60_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on I/O, 60 s average", NULL },
	{ "%sio-300", "some_avg300", "some_avg300_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on I/O, 300 s average", NULL },
	{ "%sio", "some_avg", "some_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on I/O during the interval", NULL },
	{ "%fio-10", "full_avg10", "full_avg10_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on I/O, 10 s average", NULL },
	{ "%fio-60", "full_avg60", "full_avg60_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on I/O, 60 s average", NULL },
	{ "%fio-300", "full_avg300", "full_avg300_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on I/O, 300 s average", NULL },
	{ "%fio", "full_avg", "full_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on I/O during the interval", NULL },
	END
};

/* -q MEM */
static const struct sar_column psi_mem_q_mem_cols[] = {
	{ "%smem-10", "some_avg10", "some_avg10_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on memory, 10 s average", NULL },
	{ "%smem-60", "some_avg60", "some_avg60_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on memory, 60 s average", NULL },
	{ "%smem-300", "some_avg300", "some_avg300_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on memory, 300 s average", NULL },
	{ "%smem", "some_avg", "some_pct", "pct", 1, SAR_VALUE, 0,
	  "time some tasks stalled on memory during the interval", NULL },
	{ "%fmem-10", "full_avg10", "full_avg10_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on memory, 10 s average", NULL },
	{ "%fmem-60", "full_avg60", "full_avg60_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on memory, 60 s average", NULL },
	{ "%fmem-300", "full_avg300", "full_avg300_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on memory, 300 s average", NULL },
	{ "%fmem", "full_avg", "full_pct", "pct", 1, SAR_VALUE, 0,
	  "time all non-idle tasks stalled on memory during the interval", NULL },
	END
};

/* -y */
static const struct sar_column serial_y_cols[] = {
	I("TTY", "line"),
	{ "rcvin/s", "rcvin", "rcvin_per_s", "per_s", 1, SAR_VALUE, 0,
	  "receive interrupts per second", NULL },
	{ "xmtin/s", "xmtin", "xmtin_per_s", "per_s", 1, SAR_VALUE, 0,
	  "transmit interrupts per second", NULL },
	{ "txmtin/s", NULL, "xmtin_per_s", "per_s", 1, SAR_VALUE, 1,
	  "transmit interrupts per second", NULL },
	{ "framerr/s", "framerr", "framerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "frame errors per second", NULL },
	{ "prtyerr/s", "prtyerr", "prtyerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "parity errors per second", NULL },
	{ "brk/s", "brk", "brk_per_s", "per_s", 1, SAR_VALUE, 0,
	  "breaks per second", NULL },
	{ "ovrun/s", "ovrun", "ovrun_per_s", "per_s", 1, SAR_VALUE, 0,
	  "overrun errors per second", NULL },
	END
};

/* -d */
static const struct sar_column disk_d_cols[] = {
	I("DEV", "disk-device"),
	{ "tps", "tps", "tps", "per_s", 1, SAR_VALUE, 0,
	  "transfers (I/O requests) per second to the device", NULL },
	{ "rkB/s", "rkB", "rd_bytes_per_s", "bytes_per_s", KB, SAR_VALUE, 0,
	  "bytes read per second", NULL },
	{ "rd_sec/s", "rd_sec", "rd_bytes_per_s", "bytes_per_s", SECT, SAR_VALUE, 1,
	  "bytes read per second", NULL },
	{ "wkB/s", "wkB", "wr_bytes_per_s", "bytes_per_s", KB, SAR_VALUE, 0,
	  "bytes written per second", NULL },
	{ "wr_sec/s", "wr_sec", "wr_bytes_per_s", "bytes_per_s", SECT, SAR_VALUE, 1,
	  "bytes written per second", NULL },
	{ "dkB/s", "dkB", "dc_bytes_per_s", "bytes_per_s", KB, SAR_VALUE, 0,
	  "bytes discarded per second", NULL },
	{ "dc_sec/s", "dc_sec", "dc_bytes_per_s", "bytes_per_s", SECT, SAR_VALUE, 1,
	  "bytes discarded per second", NULL },
	{ "areq-sz", "areq-sz", "areq_sz_bytes", "bytes", KB, SAR_VALUE, 0,
	  "average size of the requests issued to the device", NULL },
	{ "avgrq-sz", "avgrq-sz", "areq_sz_bytes", "bytes", SECT, SAR_VALUE, 1,
	  "average size of the requests issued to the device", NULL },
	{ "aqu-sz", "aqu-sz", "aqu_sz", "count", 1, SAR_VALUE, 0,
	  "average queue length of the requests issued to the device", NULL },
	{ "avgqu-sz", "avgqu-sz", "aqu_sz", "count", 1, SAR_VALUE, 1,
	  "average queue length of the requests issued to the device", NULL },
	{ "await", "await", "await_s", "s", MS, SAR_VALUE, 0,
	  "average time for requests to be served, queueing included (sar prints ms)", NULL },
	{ "svctm", "svctm", "svctm_s", "s", MS, SAR_VALUE, 0,
	  "average service time (not trustworthy; removed in sysstat 12.1; sar printed ms)", NULL },
	{ "%util", "util-percent", "util_pct", "pct", 1, SAR_VALUE, 0,
	  "time the device had requests outstanding (saturation near 100 on serial devices)", NULL },
	END
};

/* -n DEV */
static const struct sar_column net_dev_n_dev_cols[] = {
	I("IFACE", "iface"),
	{ "rxpck/s", "rxpck", "rxpck_per_s", "per_s", 1, SAR_VALUE, 0,
	  "packets received per second", NULL },
	{ "txpck/s", "txpck", "txpck_per_s", "per_s", 1, SAR_VALUE, 0,
	  "packets transmitted per second", NULL },
	{ "rxkB/s", "rxkB", "rx_bytes_per_s", "bytes_per_s", KB, SAR_VALUE, 0,
	  "bytes received per second", NULL },
	{ "txkB/s", "txkB", "tx_bytes_per_s", "bytes_per_s", KB, SAR_VALUE, 0,
	  "bytes transmitted per second", NULL },
	{ "rxbyt/s", "rxbyt", "rx_bytes_per_s", "bytes_per_s", 1, SAR_VALUE, 1,
	  "bytes received per second", NULL },
	{ "txbyt/s", "txbyt", "tx_bytes_per_s", "bytes_per_s", 1, SAR_VALUE, 1,
	  "bytes transmitted per second", NULL },
	{ "rxcmp/s", "rxcmp", "rxcmp_per_s", "per_s", 1, SAR_VALUE, 0,
	  "compressed packets received per second", NULL },
	{ "txcmp/s", "txcmp", "txcmp_per_s", "per_s", 1, SAR_VALUE, 0,
	  "compressed packets transmitted per second", NULL },
	{ "rxmcst/s", "rxmcst", "rxmcst_per_s", "per_s", 1, SAR_VALUE, 0,
	  "multicast packets received per second", NULL },
	{ "%ifutil", "ifutil-percent", "ifutil_pct", "pct", 1, SAR_VALUE, 0,
	  "utilization of the interface's bandwidth", NULL },
	END
};

/* -n EDEV */
static const struct sar_column net_edev_n_edev_cols[] = {
	I("IFACE", "iface"),
	{ "rxerr/s", "rxerr", "rxerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "bad packets received per second", NULL },
	{ "txerr/s", "txerr", "txerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "errors while transmitting per second", NULL },
	{ "coll/s", "coll", "coll_per_s", "per_s", 1, SAR_VALUE, 0,
	  "collisions while transmitting per second", NULL },
	{ "rxdrop/s", "rxdrop", "rxdrop_per_s", "per_s", 1, SAR_VALUE, 0,
	  "received packets dropped per second (no buffer space)", NULL },
	{ "txdrop/s", "txdrop", "txdrop_per_s", "per_s", 1, SAR_VALUE, 0,
	  "transmitted packets dropped per second (no buffer space)", NULL },
	{ "txcarr/s", "txcarr", "txcarr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "carrier errors while transmitting per second", NULL },
	{ "rxfram/s", "rxfram", "rxfram_per_s", "per_s", 1, SAR_VALUE, 0,
	  "frame alignment errors on received packets per second", NULL },
	{ "rxfifo/s", "rxfifo", "rxfifo_per_s", "per_s", 1, SAR_VALUE, 0,
	  "FIFO overruns on received packets per second", NULL },
	{ "txfifo/s", "txfifo", "txfifo_per_s", "per_s", 1, SAR_VALUE, 0,
	  "FIFO overruns on transmitted packets per second", NULL },
	END
};

/* -n NFS */
static const struct sar_column net_nfs_n_nfs_cols[] = {
	{ "call/s", "call", "call_per_s", "per_s", 1, SAR_VALUE, 0,
	  "RPC requests made per second", NULL },
	{ "retrans/s", "retrans", "retrans_per_s", "per_s", 1, SAR_VALUE, 0,
	  "RPC requests retransmitted per second", NULL },
	{ "read/s", "read", "read_per_s", "per_s", 1, SAR_VALUE, 0,
	  "read RPC calls made per second", NULL },
	{ "write/s", "write", "write_per_s", "per_s", 1, SAR_VALUE, 0,
	  "write RPC calls made per second", NULL },
	{ "access/s", "access", "access_per_s", "per_s", 1, SAR_VALUE, 0,
	  "access RPC calls made per second", NULL },
	{ "getatt/s", "getatt", "getatt_per_s", "per_s", 1, SAR_VALUE, 0,
	  "getattr RPC calls made per second", NULL },
	END
};

/* -n NFSD */
static const struct sar_column net_nfsd_n_nfsd_cols[] = {
	{ "scall/s", "scall", "scall_per_s", "per_s", 1, SAR_VALUE, 0,
	  "RPC requests received per second", NULL },
	{ "badcall/s", "badcall", "badcall_per_s", "per_s", 1, SAR_VALUE, 0,
	  "bad RPC requests received per second", NULL },
	{ "packet/s", "packet", "packet_per_s", "per_s", 1, SAR_VALUE, 0,
	  "network packets received per second", NULL },
	{ "udp/s", "udp", "udp_per_s", "per_s", 1, SAR_VALUE, 0,
	  "UDP packets received per second", NULL },
	{ "tcp/s", "tcp", "tcp_per_s", "per_s", 1, SAR_VALUE, 0,
	  "TCP packets received per second", NULL },
	{ "hit/s", "hit", "hit_per_s", "per_s", 1, SAR_VALUE, 0,
	  "reply cache hits per second", NULL },
	{ "miss/s", "miss", "miss_per_s", "per_s", 1, SAR_VALUE, 0,
	  "reply cache misses per second", NULL },
	{ "sread/s", "sread", "sread_per_s", "per_s", 1, SAR_VALUE, 0,
	  "read RPC calls received per second", NULL },
	{ "swrite/s", "swrite", "swrite_per_s", "per_s", 1, SAR_VALUE, 0,
	  "write RPC calls received per second", NULL },
	{ "saccess/s", "saccess", "saccess_per_s", "per_s", 1, SAR_VALUE, 0,
	  "access RPC calls received per second", NULL },
	{ "sgetatt/s", "sgetatt", "sgetatt_per_s", "per_s", 1, SAR_VALUE, 0,
	  "getattr RPC calls received per second", NULL },
	END
};

/* -n SOCK */
static const struct sar_column net_sock_n_sock_cols[] = {
	{ "totsck", "totsck", "totsck", "count", 1, SAR_VALUE, 0,
	  "sockets in use", NULL },
	{ "tcpsck", "tcpsck", "tcpsck", "count", 1, SAR_VALUE, 0,
	  "TCP sockets in use", NULL },
	{ "udpsck", "udpsck", "udpsck", "count", 1, SAR_VALUE, 0,
	  "UDP sockets in use", NULL },
	{ "rawsck", "rawsck", "rawsck", "count", 1, SAR_VALUE, 0,
	  "RAW sockets in use", NULL },
	{ "ip-frag", "ip-frag", "ip_frag", "count", 1, SAR_VALUE, 0,
	  "IP fragments queued", NULL },
	{ "tcp-tw", "tcp-tw", "tcp_tw", "count", 1, SAR_VALUE, 0,
	  "TCP sockets in TIME_WAIT", NULL },
	END
};

/* -n IP */
static const struct sar_column net_ip_n_ip_cols[] = {
	{ "irec/s", "irec", "irec_per_s", "per_s", 1, SAR_VALUE, 0,
	  "input datagrams received per second [ipInReceives]", NULL },
	{ "fwddgm/s", "fwddgm", "fwddgm_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams forwarded per second [ipForwDatagrams]", NULL },
	{ "idel/s", "idel", "idel_per_s", "per_s", 1, SAR_VALUE, 0,
	  "input datagrams delivered to IP user protocols per second [ipInDelivers]", NULL },
	{ "orq/s", "orq", "orq_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams supplied to IP for transmission per second [ipOutRequests]", NULL },
	{ "asmrq/s", "asmrq", "asmrq_per_s", "per_s", 1, SAR_VALUE, 0,
	  "fragments needing reassembly per second [ipReasmReqds]", NULL },
	{ "asmok/s", "asmok", "asmok_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams reassembled per second [ipReasmOKs]", NULL },
	{ "fragok/s", "fragok", "fragok_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams fragmented per second [ipFragOKs]", NULL },
	{ "fragcrt/s", "fragcrt", "fragcrt_per_s", "per_s", 1, SAR_VALUE, 0,
	  "fragments created per second [ipFragCreates]", NULL },
	END
};

/* -n EIP */
static const struct sar_column net_eip_n_eip_cols[] = {
	{ "ihdrerr/s", "ihdrerr", "ihdrerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams discarded for header errors per second [ipInHdrErrors]", NULL },
	{ "iadrerr/s", "iadrerr", "iadrerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams discarded for a bad destination per second [ipInAddrErrors]", NULL },
	{ "iukwnpr/s", "iukwnpr", "iukwnpr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams for an unknown protocol per second [ipInUnknownProtos]", NULL },
	{ "idisc/s", "idisc", "idisc_per_s", "per_s", 1, SAR_VALUE, 0,
	  "input datagrams discarded per second (no buffers) [ipInDiscards]", NULL },
	{ "odisc/s", "odisc", "odisc_per_s", "per_s", 1, SAR_VALUE, 0,
	  "output datagrams discarded per second (no buffers) [ipOutDiscards]", NULL },
	{ "onort/s", "onort", "onort_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams discarded for lack of a route per second [ipOutNoRoutes]", NULL },
	{ "asmf/s", "asmf", "asmf_per_s", "per_s", 1, SAR_VALUE, 0,
	  "reassembly failures per second [ipReasmFails]", NULL },
	{ "fragf/s", "fragf", "fragf_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams that could not be fragmented per second [ipFragFails]", NULL },
	END
};

/* -n ICMP */
static const struct sar_column net_icmp_n_icmp_cols[] = {
	{ "imsg/s", "imsg", "imsg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "ICMP messages received per second [icmpInMsgs]", NULL },
	{ "omsg/s", "omsg", "omsg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "ICMP messages sent per second [icmpOutMsgs]", NULL },
	{ "iech/s", "iech", "iech_per_s", "per_s", 1, SAR_VALUE, 0,
	  "echo requests received per second [icmpInEchos]", NULL },
	{ "iechr/s", "iechr", "iechr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "echo replies received per second [icmpInEchoReps]", NULL },
	{ "oech/s", "oech", "oech_per_s", "per_s", 1, SAR_VALUE, 0,
	  "echo requests sent per second [icmpOutEchos]", NULL },
	{ "oechr/s", "oechr", "oechr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "echo replies sent per second [icmpOutEchoReps]", NULL },
	{ "itm/s", "itm", "itm_per_s", "per_s", 1, SAR_VALUE, 0,
	  "timestamp requests received per second [icmpInTimestamps]", NULL },
	{ "itmr/s", "itmr", "itmr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "timestamp replies received per second [icmpInTimestampReps]", NULL },
	{ "otm/s", "otm", "otm_per_s", "per_s", 1, SAR_VALUE, 0,
	  "timestamp requests sent per second [icmpOutTimestamps]", NULL },
	{ "otmr/s", "otmr", "otmr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "timestamp replies sent per second [icmpOutTimestampReps]", NULL },
	{ "iadrmk/s", "iadrmk", "iadrmk_per_s", "per_s", 1, SAR_VALUE, 0,
	  "address mask requests received per second [icmpInAddrMasks]", NULL },
	{ "iadrmkr/s", "iadrmkr", "iadrmkr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "address mask replies received per second [icmpInAddrMaskReps]", NULL },
	{ "oadrmk/s", "oadrmk", "oadrmk_per_s", "per_s", 1, SAR_VALUE, 0,
	  "address mask requests sent per second [icmpOutAddrMasks]", NULL },
	{ "oadrmkr/s", "oadrmkr", "oadrmkr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "address mask replies sent per second [icmpOutAddrMaskReps]", NULL },
	END
};

/* -n EICMP */
static const struct sar_column net_eicmp_n_eicmp_cols[] = {
	{ "ierr/s", "ierr", "ierr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "ICMP messages received with errors per second [icmpInErrors]", NULL },
	{ "oerr/s", "oerr", "oerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "ICMP messages not sent because of errors per second [icmpOutErrors]", NULL },
	{ "idstunr/s", "idstunr", "idstunr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "destination unreachable messages received per second [icmpInDestUnreachs]", NULL },
	{ "odstunr/s", "odstunr", "odstunr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "destination unreachable messages sent per second [icmpOutDestUnreachs]", NULL },
	{ "itmex/s", "itmex", "itmex_per_s", "per_s", 1, SAR_VALUE, 0,
	  "time exceeded messages received per second [icmpInTimeExcds]", NULL },
	{ "otmex/s", "otmex", "otmex_per_s", "per_s", 1, SAR_VALUE, 0,
	  "time exceeded messages sent per second [icmpOutTimeExcds]", NULL },
	{ "iparmpb/s", "iparmpb", "iparmpb_per_s", "per_s", 1, SAR_VALUE, 0,
	  "parameter problem messages received per second [icmpInParmProbs]", NULL },
	{ "oparmpb/s", "oparmpb", "oparmpb_per_s", "per_s", 1, SAR_VALUE, 0,
	  "parameter problem messages sent per second [icmpOutParmProbs]", NULL },
	{ "isrcq/s", "isrcq", "isrcq_per_s", "per_s", 1, SAR_VALUE, 0,
	  "source quench messages received per second [icmpInSrcQuenchs]", NULL },
	{ "osrcq/s", "osrcq", "osrcq_per_s", "per_s", 1, SAR_VALUE, 0,
	  "source quench messages sent per second [icmpOutSrcQuenchs]", NULL },
	{ "iredir/s", "iredir", "iredir_per_s", "per_s", 1, SAR_VALUE, 0,
	  "redirect messages received per second [icmpInRedirects]", NULL },
	{ "oredir/s", "oredir", "oredir_per_s", "per_s", 1, SAR_VALUE, 0,
	  "redirect messages sent per second [icmpOutRedirects]", NULL },
	END
};

/* -n TCP */
static const struct sar_column net_tcp_n_tcp_cols[] = {
	{ "active/s", "active", "active_per_s", "per_s", 1, SAR_VALUE, 0,
	  "active opens (connect) per second [tcpActiveOpens]", NULL },
	{ "passive/s", "passive", "passive_per_s", "per_s", 1, SAR_VALUE, 0,
	  "passive opens (accept) per second [tcpPassiveOpens]", NULL },
	{ "iseg/s", "iseg", "iseg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "segments received per second [tcpInSegs]", NULL },
	{ "oseg/s", "oseg", "oseg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "segments sent per second [tcpOutSegs]", NULL },
	END
};

/* -n ETCP */
static const struct sar_column net_etcp_n_etcp_cols[] = {
	{ "atmptf/s", "atmptf", "atmptf_per_s", "per_s", 1, SAR_VALUE, 0,
	  "failed connection attempts per second [tcpAttemptFails]", NULL },
	{ "estres/s", "estres", "estres_per_s", "per_s", 1, SAR_VALUE, 0,
	  "resets of established connections per second [tcpEstabResets]", NULL },
	{ "retrseg/s", "retrseg", "retrseg_per_s", "per_s", 1, SAR_VALUE, 0,
	  "segments retransmitted per second [tcpRetransSegs]", NULL },
	{ "retrans/s", "retrans", "retrseg_per_s", "per_s", 1, SAR_VALUE, 1,
	  "segments retransmitted per second [tcpRetransSegs]", NULL },
	{ "isegerr/s", "isegerr", "isegerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "segments received in error per second [tcpInErrs]", NULL },
	{ "orsts/s", "orsts", "orsts_per_s", "per_s", 1, SAR_VALUE, 0,
	  "segments sent with RST per second [tcpOutRsts]", NULL },
	END
};

/* -n UDP */
static const struct sar_column net_udp_n_udp_cols[] = {
	{ "idgm/s", "idgm", "idgm_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams delivered per second [udpInDatagrams]", NULL },
	{ "odgm/s", "odgm", "odgm_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams sent per second [udpOutDatagrams]", NULL },
	{ "noport/s", "noport", "noport_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams for a port nobody listens on per second [udpNoPorts]", NULL },
	{ "idgmerr/s", "idgmerr", "idgmerr_per_s", "per_s", 1, SAR_VALUE, 0,
	  "undeliverable datagrams for other reasons per second [udpInErrors]", NULL },
	END
};

/* -n SOCK6 */
static const struct sar_column net_sock6_n_sock6_cols[] = {
	{ "tcp6sck", "tcp6sck", "tcp6sck", "count", 1, SAR_VALUE, 0,
	  "TCPv6 sockets in use", NULL },
	{ "udp6sck", "udp6sck", "udp6sck", "count", 1, SAR_VALUE, 0,
	  "UDPv6 sockets in use", NULL },
	{ "raw6sck", "raw6sck", "raw6sck", "count", 1, SAR_VALUE, 0,
	  "RAWv6 sockets in use", NULL },
	{ "ip6-frag", "ip6-frag", "ip6_frag", "count", 1, SAR_VALUE, 0,
	  "IPv6 fragments in use", NULL },
	END
};

/* -n IP6 */
static const struct sar_column net_ip6_n_ip6_cols[] = {
	{ "irec6/s", "irec6", "irec6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "input datagrams received per second [ipv6IfStatsInReceives]", NULL },
	{ "fwddgm6/s", "fwddgm6", "fwddgm6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams forwarded per second [ipv6IfStatsOutForwDatagrams]", NULL },
	{ "idel6/s", "idel6", "idel6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams delivered to IPv6 user protocols per second [ipv6IfStatsInDelivers]", NULL },
	{ "orq6/s", "orq6", "orq6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams supplied to IPv6 for transmission per second [ipv6IfStatsOutRequests]", NULL },
	{ "asmrq6/s", "asmrq6", "asmrq6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "fragments needing reassembly per second [ipv6IfStatsReasmReqds]", NULL },
	{ "asmok6/s", "asmok6", "asmok6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams reassembled per second [ipv6IfStatsReasmOKs]", NULL },
	{ "imcpck6/s", "imcpck6", "imcpck6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "multicast packets received per second [ipv6IfStatsInMcastPkts]", NULL },
	{ "omcpck6/s", "omcpck6", "omcpck6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "multicast packets sent per second [ipv6IfStatsOutMcastPkts]", NULL },
	{ "fragok6/s", "fragok6", "fragok6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams fragmented per second [ipv6IfStatsOutFragOKs]", NULL },
	{ "fragcr6/s", "fragcr6", "fragcr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "fragments created per second [ipv6IfStatsOutFragCreates]", NULL },
	END
};

/* -n EIP6 */
static const struct sar_column net_eip6_n_eip6_cols[] = {
	{ "ihdrer6/s", "ihdrer6", "ihdrer6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams discarded for header errors per second [ipv6IfStatsInHdrErrors]", NULL },
	{ "iadrer6/s", "iadrer6", "iadrer6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams discarded for a bad destination per second [ipv6IfStatsInAddrErrors]", NULL },
	{ "iukwnp6/s", "iukwnp6", "iukwnp6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams for an unknown protocol per second [ipv6IfStatsInUnknownProtos]", NULL },
	{ "i2big6/s", "i2big6", "i2big6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams too big to forward per second [ipv6IfStatsInTooBigErrors]", NULL },
	{ "idisc6/s", "idisc6", "idisc6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "input datagrams discarded per second (no buffers) [ipv6IfStatsInDiscards]", NULL },
	{ "odisc6/s", "odisc6", "odisc6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "output datagrams discarded per second (no buffers) [ipv6IfStatsOutDiscards]", NULL },
	{ "inort6/s", "inort6", "inort6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "input datagrams without a route per second [ipv6IfStatsInNoRoutes]", NULL },
	{ "onort6/s", "onort6", "onort6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "output datagrams without a route per second [ipv6IfStatsOutNoRoutes]", NULL },
	{ "asmf6/s", "asmf6", "asmf6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "reassembly failures per second [ipv6IfStatsReasmFails]", NULL },
	{ "fragf6/s", "fragf6", "fragf6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams that could not be fragmented per second [ipv6IfStatsOutFragFails]", NULL },
	{ "itrpck6/s", "itrpck6", "itrpck6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "datagrams discarded as truncated per second [ipv6IfStatsInTruncatedPkts]", NULL },
	END
};

/* -n ICMP6 */
static const struct sar_column net_icmp6_n_icmp6_cols[] = {
	{ "imsg6/s", "imsg6", "imsg6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "ICMPv6 messages received per second [ipv6IfIcmpInMsgs]", NULL },
	{ "omsg6/s", "omsg6", "omsg6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "ICMPv6 messages sent per second [ipv6IfIcmpOutMsgs]", NULL },
	{ "iech6/s", "iech6", "iech6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "echo requests received per second [ipv6IfIcmpInEchos]", NULL },
	{ "iechr6/s", "iechr6", "iechr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "echo replies received per second [ipv6IfIcmpInEchoReplies]", NULL },
	{ "oechr6/s", "oechr6", "oechr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "echo replies sent per second [ipv6IfIcmpOutEchoReplies]", NULL },
	{ "igmbq6/s", "igmbq6", "igmbq6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "group membership queries received per second [ipv6IfIcmpInGroupMembQueries]", NULL },
	{ "igmbr6/s", "igmbr6", "igmbr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "group membership responses received per second [ipv6IfIcmpInGroupMembResponses]", NULL },
	{ "ogmbr6/s", "ogmbr6", "ogmbr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "group membership responses sent per second [ipv6IfIcmpOutGroupMembResponses]", NULL },
	{ "igmbrd6/s", "igmbrd6", "igmbrd6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "group membership reductions received per second [ipv6IfIcmpInGroupMembReductions]", NULL },
	{ "ogmbrd6/s", "ogmbrd6", "ogmbrd6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "group membership reductions sent per second [ipv6IfIcmpOutGroupMembReductions]", NULL },
	{ "irtsol6/s", "irtsol6", "irtsol6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "router solicitations received per second [ipv6IfIcmpInRouterSolicits]", NULL },
	{ "ortsol6/s", "ortsol6", "ortsol6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "router solicitations sent per second [ipv6IfIcmpOutRouterSolicits]", NULL },
	{ "irtad6/s", "irtad6", "irtad6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "router advertisements received per second [ipv6IfIcmpInRouterAdvertisements]", NULL },
	{ "inbsol6/s", "inbsol6", "inbsol6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "neighbor solicitations received per second [ipv6IfIcmpInNeighborSolicits]", NULL },
	{ "onbsol6/s", "onbsol6", "onbsol6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "neighbor solicitations sent per second [ipv6IfIcmpOutNeighborSolicits]", NULL },
	{ "inbad6/s", "inbad6", "inbad6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "neighbor advertisements received per second [ipv6IfIcmpInNeighborAdvertisements]", NULL },
	{ "onbad6/s", "onbad6", "onbad6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "neighbor advertisements sent per second [ipv6IfIcmpOutNeighborAdvertisements]", NULL },
	END
};

/* -n EICMP6 */
static const struct sar_column net_eicmp6_n_eicmp6_cols[] = {
	{ "ierr6/s", "ierr6", "ierr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "ICMPv6 messages received with errors per second [ipv6IfIcmpInErrors]", NULL },
	{ "idtunr6/s", "idtunr6", "idtunr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "destination unreachable messages received per second [ipv6IfIcmpInDestUnreachs]", NULL },
	{ "odtunr6/s", "odtunr6", "odtunr6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "destination unreachable messages sent per second [ipv6IfIcmpOutDestUnreachs]", NULL },
	{ "itmex6/s", "itmex6", "itmex6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "time exceeded messages received per second [ipv6IfIcmpInTimeExcds]", NULL },
	{ "otmex6/s", "otmex6", "otmex6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "time exceeded messages sent per second [ipv6IfIcmpOutTimeExcds]", NULL },
	{ "iprmpb6/s", "iprmpb6", "iprmpb6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "parameter problem messages received per second [ipv6IfIcmpInParmProblems]", NULL },
	{ "oprmpb6/s", "oprmpb6", "oprmpb6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "parameter problem messages sent per second [ipv6IfIcmpOutParmProblems]", NULL },
	{ "iredir6/s", "iredir6", "iredir6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "redirect messages received per second [ipv6IfIcmpInRedirects]", NULL },
	{ "oredir6/s", "oredir6", "oredir6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "redirect messages sent per second [ipv6IfIcmpOutRedirects]", NULL },
	{ "ipck2b6/s", "ipck2b6", "ipck2b6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "packet too big messages received per second [ipv6IfIcmpInPktTooBigs]", NULL },
	{ "opck2b6/s", "opck2b6", "opck2b6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "packet too big messages sent per second [ipv6IfIcmpOutPktTooBigs]", NULL },
	END
};

/* -n UDP6 */
static const struct sar_column net_udp6_n_udp6_cols[] = {
	{ "idgm6/s", "idgm6", "idgm6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "UDPv6 datagrams delivered per second [udpInDatagrams]", NULL },
	{ "odgm6/s", "odgm6", "odgm6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "UDPv6 datagrams sent per second [udpOutDatagrams]", NULL },
	{ "noport6/s", "noport6", "noport6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "UDPv6 datagrams for a port nobody listens on per second [udpNoPorts]", NULL },
	{ "idgmer6/s", "idgmer6", "idgmer6_per_s", "per_s", 1, SAR_VALUE, 0,
	  "undeliverable UDPv6 datagrams for other reasons per second [udpInErrors]", NULL },
	END
};

/* -n SOFT */
static const struct sar_column net_softnet_n_soft_cols[] = {
	I("CPU", "cpu"),
	{ "total/s", "total", "total_per_s", "per_s", 1, SAR_VALUE, 0,
	  "network frames processed per second", NULL },
	{ "dropd/s", "dropd", "dropd_per_s", "per_s", 1, SAR_VALUE, 0,
	  "network frames dropped per second (processing queue full)", NULL },
	{ "squeezd/s", "squeezd", "squeezd_per_s", "per_s", 1, SAR_VALUE, 0,
	  "times per second the softirq ran out of budget with work left", NULL },
	{ "rx_rps/s", "rx_rps", "rx_rps_per_s", "per_s", 1, SAR_VALUE, 0,
	  "inter-processor interrupts per second to wake a CPU for packet processing", NULL },
	{ "flw_lim/s", "flw_lim", "flw_lim_per_s", "per_s", 1, SAR_VALUE, 0,
	  "times per second the flow limit was reached", NULL },
	{ "blg_len", "blg_len", "blg_len", "count", 1, SAR_VALUE, 0,
	  "softnet backlog length", NULL },
	END
};

/* -n FC */
static const struct sar_column fc_n_fc_cols[] = {
	I("FCHOST", "fchost"),
	{ "fch_rxf/s", "fch_rxf", "rxf_per_s", "per_s", 1, SAR_VALUE, 0,
	  "frames received per second", NULL },
	{ "fch_txf/s", "fch_txf", "txf_per_s", "per_s", 1, SAR_VALUE, 0,
	  "frames transmitted per second", NULL },
	{ "fch_rxw/s", "fch_rxw", "rxw_per_s", "per_s", 1, SAR_VALUE, 0,
	  "words (4 bytes) received per second", NULL },
	{ "fch_txw/s", "fch_txw", "txw_per_s", "per_s", 1, SAR_VALUE, 0,
	  "words (4 bytes) transmitted per second", NULL },
	END
};

/* -m CPU */
static const struct sar_column power_cpufreq_m_cpu_cols[] = {
	I("CPU", "number"),
	{ "MHz", "frequency", "freq_hz", "hz", 1e6, SAR_VALUE, 0,
	  "instantaneous CPU clock frequency", NULL },
	END
};

/* -m FREQ */
static const struct sar_column power_cpufreq_m_freq_cols[] = {
	I("CPU", "number"),
	{ "wghMHz", "weighted-frequency", "wgh_freq_hz", "hz", 1e6, SAR_VALUE, 0,
	  "weighted average CPU clock frequency (cpufreq-stats)", NULL },
	END
};

/* -m FAN */
static const struct sar_column fan_m_fan_cols[] = {
	I("FAN", "number"),
	I("DEVICE", "device"),
	{ "rpm", "rpm", "rpm", "rpm", 1, SAR_VALUE, 0,
	  "fan speed", NULL },
	{ "drpm", "drpm", "drpm", "rpm", 1, SAR_VALUE, 0,
	  "fan speed above its low limit (rpm - fan_min)", NULL },
	END
};

/* -m TEMP */
static const struct sar_column temp_m_temp_cols[] = {
	I("TEMP", "number"),
	I("DEVICE", "device"),
	{ "degC", "degC", "degc", "degC", 1, SAR_VALUE, 0,
	  "device temperature", NULL },
	{ "%temp", "percent-temp", "temp_pct", "pct", 1, SAR_VALUE, 0,
	  "temperature relative to its high limit (temp_max)", NULL },
	END
};

/* -m IN */
static const struct sar_column voltage_m_in_cols[] = {
	I("IN", "number"),
	I("DEVICE", "device"),
	{ "inV", "inV", "in_v", "V", 1, SAR_VALUE, 0,
	  "voltage input", NULL },
	{ "%in", "percent-in", "in_pct", "pct", 1, SAR_VALUE, 0,
	  "voltage relative to its limits (0 = in_min, 100 = in_max)", NULL },
	END
};

/* -m BAT */
static const struct sar_column battery_m_bat_cols[] = {
	I("BAT", "number"),
	{ "%cap", "percent-capacity", "cap_pct", "pct", 1, SAR_VALUE, 0,
	  "battery capacity left", NULL },
	{ "cap/min", "variation", "cap_pct_per_min", "pct_per_min", 1, SAR_VALUE, 0,
	  "capacity change per minute (negative when discharging)", NULL },
	{ "status", "status", "status", "code", 1, SAR_STATUS, 0,
	  "0 unknown, 1 charging, 2 discharging, 3 not charging, 4 full", NULL },
	END
};

/* -m USB */
static const struct sar_column usb_m_usb_cols[] = {
	I("BUS", "bus_number"),
	I("idvendor", "idvendor"),
	I("idprod", "idprod"),
	{ "maxpower", "maxpower", "maxpower_ma", "mA", 1, SAR_VALUE, 0,
	  "maximum power the device draws (present while plugged in)", NULL },
	T("manufact", "manufact"),
	T("product", "product"),
	END
};

/* -F */
static const struct sar_column filesystem_f_cols[] = {
	I("FILESYSTEM", "filesystem"),
	I("MOUNTPOINT", "mountpoint"),
	{ "MBfsfree", "MBfsfree", "fsfree_bytes", "bytes", MB, SAR_VALUE, 0,
	  "free space (sar prints MB)", NULL },
	{ "MBfsused", "MBfsused", "fsused_bytes", "bytes", MB, SAR_VALUE, 0,
	  "used space (sar prints MB)", NULL },
	{ "%fsused", "%fsused", "fsused_pct", "pct", 1, SAR_VALUE, 0,
	  "used space, percent", NULL },
	{ "%ufsused", "%ufsused", "ufsused_pct", "pct", 1, SAR_VALUE, 0,
	  "used space as seen by unprivileged users, percent", NULL },
	{ "Ifree", "Ifree", "ifree", "count", 1, SAR_VALUE, 0,
	  "free inodes", NULL },
	{ "Iused", "Iused", "iused", "count", 1, SAR_VALUE, 0,
	  "used inodes", NULL },
	{ "%Iused", "%Iused", "iused_pct", "pct", 1, SAR_VALUE, 0,
	  "used inodes, percent", NULL },
	END
};

const struct sar_section sar_sections[] = {
	{ "cpu", "-u", J2("cpu-load", "cpu-load-all"), cpu_u_cols },
	{ "task", "-w", J1("process-and-context-switch"), task_w_cols },
	{ "intr", "-I", J1("interrupts"), intr_i_cols },
	{ "swap", "-W", J1("swap-pages"), swap_w_cols },
	{ "paging", "-B", J1("paging"), paging_b_cols },
	{ "io", "-b", J1("io"), io_b_cols },
	{ "memory", "-r", J1("memory"), memory_r_cols },
	{ "swap_util", "-S", J1("memory"), swap_util_s_cols },
	{ "hugepages", "-H", J1("hugepages"), hugepages_h_cols },
	{ "kernel_tables", "-v", J1("kernel"), kernel_tables_v_cols },
	{ "load", "-q", J1("queue"), load_q_cols },
	{ "psi_cpu", "-q CPU", J1("psi-cpu"), psi_cpu_q_cpu_cols },
	{ "psi_io", "-q IO", J1("psi-io"), psi_io_q_io_cols },
	{ "psi_mem", "-q MEM", J1("psi-mem"), psi_mem_q_mem_cols },
	{ "serial", "-y", J1("serial"), serial_y_cols },
	{ "disk", "-d", J1("disk"), disk_d_cols },
	{ "net_dev", "-n DEV", J1("net-dev"), net_dev_n_dev_cols },
	{ "net_edev", "-n EDEV", J1("net-edev"), net_edev_n_edev_cols },
	{ "net_nfs", "-n NFS", J1("net-nfs"), net_nfs_n_nfs_cols },
	{ "net_nfsd", "-n NFSD", J1("net-nfsd"), net_nfsd_n_nfsd_cols },
	{ "net_sock", "-n SOCK", J1("net-sock"), net_sock_n_sock_cols },
	{ "net_ip", "-n IP", J1("net-ip"), net_ip_n_ip_cols },
	{ "net_eip", "-n EIP", J1("net-eip"), net_eip_n_eip_cols },
	{ "net_icmp", "-n ICMP", J1("net-icmp"), net_icmp_n_icmp_cols },
	{ "net_eicmp", "-n EICMP", J1("net-eicmp"), net_eicmp_n_eicmp_cols },
	{ "net_tcp", "-n TCP", J1("net-tcp"), net_tcp_n_tcp_cols },
	{ "net_etcp", "-n ETCP", J1("net-etcp"), net_etcp_n_etcp_cols },
	{ "net_udp", "-n UDP", J1("net-udp"), net_udp_n_udp_cols },
	{ "net_sock6", "-n SOCK6", J1("net-sock6"), net_sock6_n_sock6_cols },
	{ "net_ip6", "-n IP6", J1("net-ip6"), net_ip6_n_ip6_cols },
	{ "net_eip6", "-n EIP6", J1("net-eip6"), net_eip6_n_eip6_cols },
	{ "net_icmp6", "-n ICMP6", J1("net-icmp6"), net_icmp6_n_icmp6_cols },
	{ "net_eicmp6", "-n EICMP6", J1("net-eicmp6"), net_eicmp6_n_eicmp6_cols },
	{ "net_udp6", "-n UDP6", J1("net-udp6"), net_udp6_n_udp6_cols },
	{ "net_softnet", "-n SOFT", J1("softnet"), net_softnet_n_soft_cols },
	{ "fc", "-n FC", J1("fchosts"), fc_n_fc_cols },
	{ "power_cpufreq", "-m CPU", J1("cpu-frequency"), power_cpufreq_m_cpu_cols },
	{ "power_cpufreq", "-m FREQ", J1("cpu-weighted-frequency"), power_cpufreq_m_freq_cols },
	{ "fan", "-m FAN", J1("fan-speed"), fan_m_fan_cols },
	{ "temp", "-m TEMP", J1("temperature"), temp_m_temp_cols },
	{ "voltage", "-m IN", J1("voltage-input"), voltage_m_in_cols },
	{ "battery", "-m BAT", J1("battery"), battery_m_bat_cols },
	{ "usb", "-m USB", J1("usb-devices"), usb_m_usb_cols },
	{ "filesystem", "-F", J1("filesystems"), filesystem_f_cols },
	{ NULL, NULL, J1(NULL), NULL }
};

const struct sar_column *sar_column_find(const struct sar_section *sec,
					 const char *name)
{
	for (const struct sar_column *c = sec->cols; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

const struct sar_column *sar_json_find(const struct sar_section *sec,
				       const char *key)
{
	for (const struct sar_column *c = sec->cols; c->name; c++)
		if (c->json && !strcmp(c->json, key))
			return c;
	return NULL;
}

const struct sar_section *sar_section_json(const char *name,
					   const struct sar_section *prev)
{
	const struct sar_section *s = prev ? prev + 1 : sar_sections;

	for (; s->family; s++)
		for (int i = 0; i < 3 && s->json[i]; i++)
			if (!strcmp(s->json[i], name))
				return s;
	return NULL;
}

const struct sar_section *sar_section_match(const char *const *names, size_t n)
{
	const struct sar_section *best = NULL;
	size_t best_score = 0;

	for (const struct sar_section *s = sar_sections; s->family; s++) {
		size_t score = 0, inst = 0;

		for (size_t i = 0; i < n; i++) {
			const struct sar_column *c = sar_column_find(s, names[i]);

			if (!c && !strcmp(s->family, "intr") &&
			    sar_intr_cpu(names[i]) >= 0)
				score++;        /* CPU0.. of -I */
			else if (c && c->kind != SAR_INSTANCE && c->kind != SAR_TEXT)
				score += 2;
			else if (c)
				inst++;
		}
		/* An instance column only breaks ties (CPU is in several). */
		if (score == 0)
			continue;
		score += inst;
		if (score > best_score) {
			best = s;
			best_score = score;
		}
	}
	return best;
}

size_t sar_metric(const struct sar_section *sec, const struct sar_column *col,
		  char *buf, size_t cap)
{
	const char *fam = col->family ? col->family : sec->family;
	size_t fl = strlen(fam), dl = col->field ? strlen(col->field) : 0;
	size_t need = fl + 1 + dl;

	if (cap == 0)
		return need;
	for (size_t i = 0, o = 0; o + 1 < cap && i < need; i++, o++) {
		buf[o] = i < fl ? fam[i] : i == fl ? '.' : col->field[i - fl - 1];
		buf[o + 1] = '\0';
	}
	if (need == 0)
		buf[0] = '\0';
	return need;
}

int sar_intr_cpu(const char *name)
{
	int n = 0;

	if (strncmp(name, "CPU", 3) || !name[3])
		return -1;
	for (const char *p = name + 3; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return -1;
		n = n * 10 + (*p - '0');
	}
	return n;
}

int sar_is_instance(const char *name)
{
	for (const struct sar_section *s = sar_sections; s->family; s++)
		for (const struct sar_column *c = s->cols; c->name; c++)
			if (c->kind == SAR_INSTANCE && !strcmp(c->name, name))
				return 1;
	return 0;
}

int sar_is_spaced(const char *name)
{
	static const char *const spaced[] = {
		"manufact", "product", "MOUNTPOINT", "FILESYSTEM", "DEVICE",
	};

	for (size_t i = 0; i < sizeof(spaced) / sizeof(spaced[0]); i++)
		if (!strcmp(spaced[i], name))
			return 1;
	return 0;
}

void sar_field_generic(const char *name, char *buf, size_t cap,
		       const char **unit)
{
	size_t len = strlen(name), o = 0;
	const char *suffix = "";

	*unit = "";
	if (cap == 0)
		return;
	if (len > 0 && name[0] == '%') {
		name++;
		len--;
		suffix = "_pct";
		*unit = "pct";
	} else if (len > 2 && !strcmp(name + len - 2, "/s")) {
		len -= 2;
		suffix = "_per_s";
		*unit = "per_s";
	}
	for (size_t i = 0; i < len && o + 1 < cap; i++) {
		char ch = name[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
			ch = '_';
		buf[o++] = ch;
	}
	if (o == 0 && o + 1 < cap)
		buf[o++] = 'x';
	for (const char *p = suffix; *p && o + 1 < cap; p++)
		buf[o++] = *p;
	buf[o] = '\0';
}

int sar_battery_status(const char *s, size_t len)
{
	/* sar prints a symbol, sadf -d and -j a word */
	static const struct {
		const char *sym, *word;
		int code;
	} sts[] = {
		{ "?", "unknown", 0 },
		{ "\xe2\x86\x97", "charging", 1 },        /* U+2197 */
		{ "\xe2\x86\x98", "discharging", 2 },     /* U+2198 */
		{ "\xe2\x86\x92", "not charging", 3 },    /* U+2192 */
		{ "\xe2\x86\x92", "notcharging", 3 },
		{ "\xe2\x86\x91", "full", 4 },            /* U+2191 */
	};

	for (size_t i = 0; i < sizeof(sts) / sizeof(sts[0]); i++) {
		if (strlen(sts[i].sym) == len && !memcmp(sts[i].sym, s, len))
			return sts[i].code;
		if (strlen(sts[i].word) == len && !strncasecmp(sts[i].word, s, len))
			return sts[i].code;
	}
	return -1;
}
