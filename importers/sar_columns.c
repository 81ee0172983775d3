/*
 * sar_columns.c - the sar column table (see sar_columns.h): data, not code.
 *
 * One entry per column sysstat has printed since 8.x, grouped by the
 * section (activity) that prints it.  Old spellings map to the metric of
 * their modern successor when they mean the same quantity in other units
 * (rd_sec/s and rkB/s both feed disk.rd_bytes_per_s), and to a metric of
 * their own when the meaning differs (%user includes guest time, %usr does
 * not).  Units are the stored ones: bytes, bytes_per_s, per_s, pct, s,
 * count; scale converts what sar prints (kB = 1024 bytes, sectors and
 * blocks = 512 bytes, ms = 0.001 s, MB = 1048576 bytes).
 */
#include <string.h>
#include <strings.h>

#include "sar_columns.h"

#define KB 1024.0
#define MB 1048576.0
#define SECT 512.0
#define MS 0.001

/* ---- -u, -P: CPU utilization (instance CPU: "all" or a number) ---- */
static const struct sar_col cpu_cols[] = {
	{ "%user", "cpu.user_pct", "pct", 1, "time running user code, guest time included (sar -u)" },
	{ "%usr", "cpu.usr_pct", "pct", 1, "time running user code, guest time excluded (sar -u ALL)" },
	{ "%nice", "cpu.nice_pct", "pct", 1, "time running niced user code" },
	{ "%system", "cpu.system_pct", "pct", 1, "time in the kernel, hard and soft interrupts included (sar -u)" },
	{ "%sys", "cpu.sys_pct", "pct", 1, "time in the kernel, interrupts excluded (sar -u ALL)" },
	{ "%iowait", "cpu.iowait_pct", "pct", 1, "idle time with disk I/O outstanding" },
	{ "%steal", "cpu.steal_pct", "pct", 1, "time a virtual CPU waited while the hypervisor ran another" },
	{ "%irq", "cpu.irq_pct", "pct", 1, "time servicing hardware interrupts" },
	{ "%soft", "cpu.soft_pct", "pct", 1, "time servicing softirqs" },
	{ "%guest", "cpu.guest_pct", "pct", 1, "time running a virtual processor" },
	{ "%gnice", "cpu.gnice_pct", "pct", 1, "time running a niced guest" },
	{ "%idle", "cpu.idle_pct", "pct", 1, "idle time without outstanding disk I/O" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -w (and old -c): task creation and context switches ---- */
static const struct sar_col task_cols[] = {
	{ "proc/s", "task.proc_per_s", "per_s", 1, "tasks created per second" },
	{ "cswch/s", "task.cswch_per_s", "per_s", 1, "context switches per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -I: interrupts (instance: the interrupt, ":cpuN" per CPU) ----
 * New sar prints one column per CPU ("all CPU0 CPU1 ..."), old sar one
 * column per interrupt ("CPU i000/s i001/s ..."); the parser pivots both
 * into intr.intr_per_s. */
static const struct sar_col intr_cols[] = {
	{ "intr/s", "intr.intr_per_s", "per_s", 1, "interrupts received per second (instance: interrupt, \"sum\" for all; \":cpuN\" for one CPU)" },
	{ "all", "intr.intr_per_s", "per_s", 1, "interrupts received per second (instance: interrupt, \"sum\" for all; \":cpuN\" for one CPU)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -W: swapping ---- */
static const struct sar_col swap_cols[] = {
	{ "pswpin/s", "swap.pswpin_per_s", "per_s", 1, "swap pages brought in per second" },
	{ "pswpout/s", "swap.pswpout_per_s", "per_s", 1, "swap pages brought out per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -B: paging ---- */
static const struct sar_col paging_cols[] = {
	{ "pgpgin/s", "paging.pgpgin_bytes_per_s", "bytes_per_s", KB, "bytes paged in from disk per second (sar prints kB)" },
	{ "pgpgout/s", "paging.pgpgout_bytes_per_s", "bytes_per_s", KB, "bytes paged out to disk per second (sar prints kB)" },
	{ "fault/s", "paging.fault_per_s", "per_s", 1, "page faults (major + minor) per second" },
	{ "majflt/s", "paging.majflt_per_s", "per_s", 1, "major faults per second: pages loaded from disk" },
	{ "pgfree/s", "paging.pgfree_per_s", "per_s", 1, "pages put on the free list per second" },
	{ "pgscank/s", "paging.pgscank_per_s", "per_s", 1, "pages scanned by kswapd per second" },
	{ "pgscand/s", "paging.pgscand_per_s", "per_s", 1, "pages scanned directly (direct reclaim) per second" },
	{ "pgsteal/s", "paging.pgsteal_per_s", "per_s", 1, "pages reclaimed from the page and swap cache per second" },
	{ "%vmeff", "paging.vmeff_pct", "pct", 1, "page reclaim efficiency: pgsteal / pgscan" },
	{ "pgprom/s", "paging.pgprom_per_s", "per_s", 1, "pages promoted to a faster memory tier per second" },
	{ "pgdem/s", "paging.pgdem_per_s", "per_s", 1, "pages demoted to a slower memory tier per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -b: I/O and transfer rates, all devices ---- */
static const struct sar_col io_cols[] = {
	{ "tps", "io.tps", "per_s", 1, "transfers (I/O requests) per second to physical devices" },
	{ "rtps", "io.rtps", "per_s", 1, "read requests per second to physical devices" },
	{ "wtps", "io.wtps", "per_s", 1, "write requests per second to physical devices" },
	{ "dtps", "io.dtps", "per_s", 1, "discard requests per second to physical devices" },
	{ "bread/s", "io.rd_bytes_per_s", "bytes_per_s", SECT, "bytes read per second (sar prints 512-byte blocks)" },
	{ "bwrtn/s", "io.wr_bytes_per_s", "bytes_per_s", SECT, "bytes written per second (sar prints 512-byte blocks)" },
	{ "bdscd/s", "io.dc_bytes_per_s", "bytes_per_s", SECT, "bytes discarded per second (sar prints 512-byte blocks)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -r: memory (old versions also carried the swap columns; -R) ---- */
static const struct sar_col memory_cols[] = {
	{ "kbmemfree", "memory.memfree_bytes", "bytes", KB, "free memory" },
	{ "kbavail", "memory.avail_bytes", "bytes", KB, "memory available without swapping (MemAvailable)" },
	{ "kbmemused", "memory.memused_bytes", "bytes", KB, "used memory" },
	{ "%memused", "memory.memused_pct", "pct", 1, "used memory, percent of total" },
	{ "kbbuffers", "memory.buffers_bytes", "bytes", KB, "memory used as kernel buffers" },
	{ "kbcached", "memory.cached_bytes", "bytes", KB, "memory used to cache data (page cache)" },
	{ "kbcommit", "memory.commit_bytes", "bytes", KB, "memory needed for the current workload (Committed_AS)" },
	{ "%commit", "memory.commit_pct", "pct", 1, "commit as a percent of RAM + swap" },
	{ "kbactive", "memory.active_bytes", "bytes", KB, "active memory (recently used)" },
	{ "kbinact", "memory.inact_bytes", "bytes", KB, "inactive memory (reclaim candidates)" },
	{ "kbdirty", "memory.dirty_bytes", "bytes", KB, "memory waiting to be written back to disk" },
	{ "kbshmem", "memory.shmem_bytes", "bytes", KB, "shared memory (Shmem)" },
	{ "kbanonpg", "memory.anonpg_bytes", "bytes", KB, "non-file-backed pages mapped into user page tables" },
	{ "kbslab", "memory.slab_bytes", "bytes", KB, "kernel slab memory" },
	{ "kbkstack", "memory.kstack_bytes", "bytes", KB, "kernel stacks" },
	{ "kbpgtbl", "memory.pgtbl_bytes", "bytes", KB, "page tables" },
	{ "kbvmused", "memory.vmused_bytes", "bytes", KB, "used virtual address space (VmallocUsed)" },
	{ "frmpg/s", "memory.frmpg_per_s", "per_s", 1, "pages freed per second, negative when allocated (old -R)" },
	{ "bufpg/s", "memory.bufpg_per_s", "per_s", 1, "pages added to buffers per second (old -R)" },
	{ "campg/s", "memory.campg_per_s", "per_s", 1, "pages added to the page cache per second (old -R)" },
	{ "kbswpfree", "swap_util.swpfree_bytes", "bytes", KB, "free swap space" },
	{ "kbswpused", "swap_util.swpused_bytes", "bytes", KB, "used swap space" },
	{ "%swpused", "swap_util.swpused_pct", "pct", 1, "used swap space, percent" },
	{ "kbswpcad", "swap_util.swpcad_bytes", "bytes", KB, "cached swap: swapped out, swapped back in, still in swap" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -S: swap space ---- */
static const struct sar_col swap_util_cols[] = {
	{ "kbswpfree", "swap_util.swpfree_bytes", "bytes", KB, "free swap space" },
	{ "kbswpused", "swap_util.swpused_bytes", "bytes", KB, "used swap space" },
	{ "%swpused", "swap_util.swpused_pct", "pct", 1, "used swap space, percent" },
	{ "kbswpcad", "swap_util.swpcad_bytes", "bytes", KB, "cached swap: swapped out, swapped back in, still in swap" },
	{ "%swpcad", "swap_util.swpcad_pct", "pct", 1, "cached swap, percent of used swap" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -H: hugepages ---- */
static const struct sar_col hugepages_cols[] = {
	{ "kbhugfree", "hugepages.hugfree_bytes", "bytes", KB, "hugepage memory not yet allocated" },
	{ "kbhugused", "hugepages.hugused_bytes", "bytes", KB, "hugepage memory allocated" },
	{ "%hugused", "hugepages.hugused_pct", "pct", 1, "hugepage memory allocated, percent" },
	{ "kbhugrsvd", "hugepages.hugrsvd_bytes", "bytes", KB, "hugepage memory reserved" },
	{ "kbhugsurp", "hugepages.hugsurp_bytes", "bytes", KB, "hugepage memory surplus" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -v: kernel tables ---- */
static const struct sar_col kernel_tables_cols[] = {
	{ "dentunusd", "kernel_tables.dentunusd", "count", 1, "unused entries in the directory cache" },
	{ "file-nr", "kernel_tables.file_nr", "count", 1, "file handles in use" },
	{ "file-sz", "kernel_tables.file_nr", "count", 1, "file handles in use" },
	{ "inode-nr", "kernel_tables.inode_nr", "count", 1, "inode handles in use" },
	{ "inode-sz", "kernel_tables.inode_nr", "count", 1, "inode handles in use" },
	{ "pty-nr", "kernel_tables.pty_nr", "count", 1, "pseudo-terminals in use" },
	{ "super-sz", "kernel_tables.super_sz", "count", 1, "super block handles in use (old sar)" },
	{ "%super-sz", "kernel_tables.super_sz_pct", "pct", 1, "super block handles in use, percent of the maximum (old sar)" },
	{ "dquot-sz", "kernel_tables.dquot_sz", "count", 1, "disk quota entries in use (old sar)" },
	{ "%dquot-sz", "kernel_tables.dquot_sz_pct", "pct", 1, "disk quota entries in use, percent of the maximum (old sar)" },
	{ "rtsig-sz", "kernel_tables.rtsig_sz", "count", 1, "queued real-time signals (old sar)" },
	{ "%rtsig-sz", "kernel_tables.rtsig_sz_pct", "pct", 1, "queued real-time signals, percent of the maximum (old sar)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -q: run queue and load ---- */
static const struct sar_col load_cols[] = {
	{ "runq-sz", "load.runq_sz", "count", 1, "tasks running or waiting for a CPU" },
	{ "plist-sz", "load.plist_sz", "count", 1, "tasks in the task list" },
	{ "ldavg-1", "load.ldavg_1", "load", 1, "load average over the last minute" },
	{ "ldavg-5", "load.ldavg_5", "load", 1, "load average over the last 5 minutes" },
	{ "ldavg-15", "load.ldavg_15", "load", 1, "load average over the last 15 minutes" },
	{ "blocked", "load.blocked", "count", 1, "tasks blocked waiting for I/O" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -q CPU / IO / MEM: pressure stall information ---- */
static const struct sar_col psi_cpu_cols[] = {
	{ "%scpu-10", "psi_cpu.some_avg10_pct", "pct", 1, "time some tasks stalled on CPU, 10 s average" },
	{ "%scpu-60", "psi_cpu.some_avg60_pct", "pct", 1, "time some tasks stalled on CPU, 60 s average" },
	{ "%scpu-300", "psi_cpu.some_avg300_pct", "pct", 1, "time some tasks stalled on CPU, 300 s average" },
	{ "%scpu", "psi_cpu.some_pct", "pct", 1, "time some tasks stalled on CPU during the interval" },
	{ NULL, NULL, NULL, 0, NULL }
};

static const struct sar_col psi_io_cols[] = {
	{ "%sio-10", "psi_io.some_avg10_pct", "pct", 1, "time some tasks stalled on I/O, 10 s average" },
	{ "%sio-60", "psi_io.some_avg60_pct", "pct", 1, "time some tasks stalled on I/O, 60 s average" },
	{ "%sio-300", "psi_io.some_avg300_pct", "pct", 1, "time some tasks stalled on I/O, 300 s average" },
	{ "%sio", "psi_io.some_pct", "pct", 1, "time some tasks stalled on I/O during the interval" },
	{ "%fio-10", "psi_io.full_avg10_pct", "pct", 1, "time all non-idle tasks stalled on I/O, 10 s average" },
	{ "%fio-60", "psi_io.full_avg60_pct", "pct", 1, "time all non-idle tasks stalled on I/O, 60 s average" },
	{ "%fio-300", "psi_io.full_avg300_pct", "pct", 1, "time all non-idle tasks stalled on I/O, 300 s average" },
	{ "%fio", "psi_io.full_pct", "pct", 1, "time all non-idle tasks stalled on I/O during the interval" },
	{ NULL, NULL, NULL, 0, NULL }
};

static const struct sar_col psi_mem_cols[] = {
	{ "%smem-10", "psi_mem.some_avg10_pct", "pct", 1, "time some tasks stalled on memory, 10 s average" },
	{ "%smem-60", "psi_mem.some_avg60_pct", "pct", 1, "time some tasks stalled on memory, 60 s average" },
	{ "%smem-300", "psi_mem.some_avg300_pct", "pct", 1, "time some tasks stalled on memory, 300 s average" },
	{ "%smem", "psi_mem.some_pct", "pct", 1, "time some tasks stalled on memory during the interval" },
	{ "%fmem-10", "psi_mem.full_avg10_pct", "pct", 1, "time all non-idle tasks stalled on memory, 10 s average" },
	{ "%fmem-60", "psi_mem.full_avg60_pct", "pct", 1, "time all non-idle tasks stalled on memory, 60 s average" },
	{ "%fmem-300", "psi_mem.full_avg300_pct", "pct", 1, "time all non-idle tasks stalled on memory, 300 s average" },
	{ "%fmem", "psi_mem.full_pct", "pct", 1, "time all non-idle tasks stalled on memory during the interval" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -y: serial lines (instance TTY) ---- */
static const struct sar_col serial_cols[] = {
	{ "rcvin/s", "serial.rcvin_per_s", "per_s", 1, "receive interrupts per second" },
	{ "xmtin/s", "serial.xmtin_per_s", "per_s", 1, "transmit interrupts per second" },
	{ "txmtin/s", "serial.xmtin_per_s", "per_s", 1, "transmit interrupts per second" },
	{ "framerr/s", "serial.framerr_per_s", "per_s", 1, "frame errors per second" },
	{ "prtyerr/s", "serial.prtyerr_per_s", "per_s", 1, "parity errors per second" },
	{ "brk/s", "serial.brk_per_s", "per_s", 1, "breaks per second" },
	{ "ovrun/s", "serial.ovrun_per_s", "per_s", 1, "overrun errors per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -d: block devices (instance DEV: "sda", or "dev8-0" before -p) ---- */
static const struct sar_col disk_cols[] = {
	{ "tps", "disk.tps", "per_s", 1, "transfers (I/O requests) per second to the device" },
	{ "rkB/s", "disk.rd_bytes_per_s", "bytes_per_s", KB, "bytes read per second" },
	{ "rd_sec/s", "disk.rd_bytes_per_s", "bytes_per_s", SECT, "bytes read per second" },
	{ "wkB/s", "disk.wr_bytes_per_s", "bytes_per_s", KB, "bytes written per second" },
	{ "wr_sec/s", "disk.wr_bytes_per_s", "bytes_per_s", SECT, "bytes written per second" },
	{ "dkB/s", "disk.dc_bytes_per_s", "bytes_per_s", KB, "bytes discarded per second" },
	{ "areq-sz", "disk.areq_sz_bytes", "bytes", KB, "average size of the requests issued to the device" },
	{ "avgrq-sz", "disk.areq_sz_bytes", "bytes", SECT, "average size of the requests issued to the device" },
	{ "aqu-sz", "disk.aqu_sz", "count", 1, "average queue length of the requests issued to the device" },
	{ "avgqu-sz", "disk.aqu_sz", "count", 1, "average queue length of the requests issued to the device" },
	{ "await", "disk.await_s", "s", MS, "average time for requests to be served, queueing included (sar prints ms)" },
	{ "svctm", "disk.svctm_s", "s", MS, "average service time (not trustworthy; removed in sysstat 12.1; sar printed ms)" },
	{ "%util", "disk.util_pct", "pct", 1, "time the device had requests outstanding (saturation near 100 on serial devices)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n DEV: network interfaces (instance IFACE) ---- */
static const struct sar_col net_dev_cols[] = {
	{ "rxpck/s", "net_dev.rxpck_per_s", "per_s", 1, "packets received per second" },
	{ "txpck/s", "net_dev.txpck_per_s", "per_s", 1, "packets transmitted per second" },
	{ "rxkB/s", "net_dev.rx_bytes_per_s", "bytes_per_s", KB, "bytes received per second" },
	{ "txkB/s", "net_dev.tx_bytes_per_s", "bytes_per_s", KB, "bytes transmitted per second" },
	{ "rxbyt/s", "net_dev.rx_bytes_per_s", "bytes_per_s", 1, "bytes received per second" },
	{ "txbyt/s", "net_dev.tx_bytes_per_s", "bytes_per_s", 1, "bytes transmitted per second" },
	{ "rxcmp/s", "net_dev.rxcmp_per_s", "per_s", 1, "compressed packets received per second" },
	{ "txcmp/s", "net_dev.txcmp_per_s", "per_s", 1, "compressed packets transmitted per second" },
	{ "rxmcst/s", "net_dev.rxmcst_per_s", "per_s", 1, "multicast packets received per second" },
	{ "%ifutil", "net_dev.ifutil_pct", "pct", 1, "utilization of the interface's bandwidth" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n EDEV: network interface errors (instance IFACE) ---- */
static const struct sar_col net_edev_cols[] = {
	{ "rxerr/s", "net_edev.rxerr_per_s", "per_s", 1, "bad packets received per second" },
	{ "txerr/s", "net_edev.txerr_per_s", "per_s", 1, "errors while transmitting per second" },
	{ "coll/s", "net_edev.coll_per_s", "per_s", 1, "collisions while transmitting per second" },
	{ "rxdrop/s", "net_edev.rxdrop_per_s", "per_s", 1, "received packets dropped per second (no buffer space)" },
	{ "txdrop/s", "net_edev.txdrop_per_s", "per_s", 1, "transmitted packets dropped per second (no buffer space)" },
	{ "txcarr/s", "net_edev.txcarr_per_s", "per_s", 1, "carrier errors while transmitting per second" },
	{ "rxfram/s", "net_edev.rxfram_per_s", "per_s", 1, "frame alignment errors on received packets per second" },
	{ "rxfifo/s", "net_edev.rxfifo_per_s", "per_s", 1, "FIFO overruns on received packets per second" },
	{ "txfifo/s", "net_edev.txfifo_per_s", "per_s", 1, "FIFO overruns on transmitted packets per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n NFS: NFS client ---- */
static const struct sar_col net_nfs_cols[] = {
	{ "call/s", "net_nfs.call_per_s", "per_s", 1, "RPC requests made per second" },
	{ "retrans/s", "net_nfs.retrans_per_s", "per_s", 1, "RPC requests retransmitted per second" },
	{ "read/s", "net_nfs.read_per_s", "per_s", 1, "read RPC calls made per second" },
	{ "write/s", "net_nfs.write_per_s", "per_s", 1, "write RPC calls made per second" },
	{ "access/s", "net_nfs.access_per_s", "per_s", 1, "access RPC calls made per second" },
	{ "getatt/s", "net_nfs.getatt_per_s", "per_s", 1, "getattr RPC calls made per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n NFSD: NFS server ---- */
static const struct sar_col net_nfsd_cols[] = {
	{ "scall/s", "net_nfsd.scall_per_s", "per_s", 1, "RPC requests received per second" },
	{ "badcall/s", "net_nfsd.badcall_per_s", "per_s", 1, "bad RPC requests received per second" },
	{ "packet/s", "net_nfsd.packet_per_s", "per_s", 1, "network packets received per second" },
	{ "udp/s", "net_nfsd.udp_per_s", "per_s", 1, "UDP packets received per second" },
	{ "tcp/s", "net_nfsd.tcp_per_s", "per_s", 1, "TCP packets received per second" },
	{ "hit/s", "net_nfsd.hit_per_s", "per_s", 1, "reply cache hits per second" },
	{ "miss/s", "net_nfsd.miss_per_s", "per_s", 1, "reply cache misses per second" },
	{ "sread/s", "net_nfsd.sread_per_s", "per_s", 1, "read RPC calls received per second" },
	{ "swrite/s", "net_nfsd.swrite_per_s", "per_s", 1, "write RPC calls received per second" },
	{ "saccess/s", "net_nfsd.saccess_per_s", "per_s", 1, "access RPC calls received per second" },
	{ "sgetatt/s", "net_nfsd.sgetatt_per_s", "per_s", 1, "getattr RPC calls received per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n SOCK: IPv4 sockets ---- */
static const struct sar_col net_sock_cols[] = {
	{ "totsck", "net_sock.totsck", "count", 1, "sockets in use" },
	{ "tcpsck", "net_sock.tcpsck", "count", 1, "TCP sockets in use" },
	{ "udpsck", "net_sock.udpsck", "count", 1, "UDP sockets in use" },
	{ "rawsck", "net_sock.rawsck", "count", 1, "RAW sockets in use" },
	{ "ip-frag", "net_sock.ip_frag", "count", 1, "IP fragments queued" },
	{ "tcp-tw", "net_sock.tcp_tw", "count", 1, "TCP sockets in TIME_WAIT" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n IP: IPv4 traffic ---- */
static const struct sar_col net_ip_cols[] = {
	{ "irec/s", "net_ip.irec_per_s", "per_s", 1, "input datagrams received per second [ipInReceives]" },
	{ "fwddgm/s", "net_ip.fwddgm_per_s", "per_s", 1, "datagrams forwarded per second [ipForwDatagrams]" },
	{ "idel/s", "net_ip.idel_per_s", "per_s", 1, "input datagrams delivered to IP user protocols per second [ipInDelivers]" },
	{ "orq/s", "net_ip.orq_per_s", "per_s", 1, "datagrams supplied to IP for transmission per second [ipOutRequests]" },
	{ "asmrq/s", "net_ip.asmrq_per_s", "per_s", 1, "fragments needing reassembly per second [ipReasmReqds]" },
	{ "asmok/s", "net_ip.asmok_per_s", "per_s", 1, "datagrams reassembled per second [ipReasmOKs]" },
	{ "fragok/s", "net_ip.fragok_per_s", "per_s", 1, "datagrams fragmented per second [ipFragOKs]" },
	{ "fragcrt/s", "net_ip.fragcrt_per_s", "per_s", 1, "fragments created per second [ipFragCreates]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n EIP: IPv4 errors ---- */
static const struct sar_col net_eip_cols[] = {
	{ "ihdrerr/s", "net_eip.ihdrerr_per_s", "per_s", 1, "datagrams discarded for header errors per second [ipInHdrErrors]" },
	{ "iadrerr/s", "net_eip.iadrerr_per_s", "per_s", 1, "datagrams discarded for a bad destination per second [ipInAddrErrors]" },
	{ "iukwnpr/s", "net_eip.iukwnpr_per_s", "per_s", 1, "datagrams for an unknown protocol per second [ipInUnknownProtos]" },
	{ "idisc/s", "net_eip.idisc_per_s", "per_s", 1, "input datagrams discarded per second (no buffers) [ipInDiscards]" },
	{ "odisc/s", "net_eip.odisc_per_s", "per_s", 1, "output datagrams discarded per second (no buffers) [ipOutDiscards]" },
	{ "onort/s", "net_eip.onort_per_s", "per_s", 1, "datagrams discarded for lack of a route per second [ipOutNoRoutes]" },
	{ "asmf/s", "net_eip.asmf_per_s", "per_s", 1, "reassembly failures per second [ipReasmFails]" },
	{ "fragf/s", "net_eip.fragf_per_s", "per_s", 1, "datagrams that could not be fragmented per second [ipFragFails]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n ICMP: ICMPv4 traffic ---- */
static const struct sar_col net_icmp_cols[] = {
	{ "imsg/s", "net_icmp.imsg_per_s", "per_s", 1, "ICMP messages received per second [icmpInMsgs]" },
	{ "omsg/s", "net_icmp.omsg_per_s", "per_s", 1, "ICMP messages sent per second [icmpOutMsgs]" },
	{ "iech/s", "net_icmp.iech_per_s", "per_s", 1, "echo requests received per second [icmpInEchos]" },
	{ "iechr/s", "net_icmp.iechr_per_s", "per_s", 1, "echo replies received per second [icmpInEchoReps]" },
	{ "oech/s", "net_icmp.oech_per_s", "per_s", 1, "echo requests sent per second [icmpOutEchos]" },
	{ "oechr/s", "net_icmp.oechr_per_s", "per_s", 1, "echo replies sent per second [icmpOutEchoReps]" },
	{ "itm/s", "net_icmp.itm_per_s", "per_s", 1, "timestamp requests received per second [icmpInTimestamps]" },
	{ "itmr/s", "net_icmp.itmr_per_s", "per_s", 1, "timestamp replies received per second [icmpInTimestampReps]" },
	{ "otm/s", "net_icmp.otm_per_s", "per_s", 1, "timestamp requests sent per second [icmpOutTimestamps]" },
	{ "otmr/s", "net_icmp.otmr_per_s", "per_s", 1, "timestamp replies sent per second [icmpOutTimestampReps]" },
	{ "iadrmk/s", "net_icmp.iadrmk_per_s", "per_s", 1, "address mask requests received per second [icmpInAddrMasks]" },
	{ "iadrmkr/s", "net_icmp.iadrmkr_per_s", "per_s", 1, "address mask replies received per second [icmpInAddrMaskReps]" },
	{ "oadrmk/s", "net_icmp.oadrmk_per_s", "per_s", 1, "address mask requests sent per second [icmpOutAddrMasks]" },
	{ "oadrmkr/s", "net_icmp.oadrmkr_per_s", "per_s", 1, "address mask replies sent per second [icmpOutAddrMaskReps]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n EICMP: ICMPv4 errors ---- */
static const struct sar_col net_eicmp_cols[] = {
	{ "ierr/s", "net_eicmp.ierr_per_s", "per_s", 1, "ICMP messages received with errors per second [icmpInErrors]" },
	{ "oerr/s", "net_eicmp.oerr_per_s", "per_s", 1, "ICMP messages not sent because of errors per second [icmpOutErrors]" },
	{ "idstunr/s", "net_eicmp.idstunr_per_s", "per_s", 1, "destination unreachable messages received per second [icmpInDestUnreachs]" },
	{ "odstunr/s", "net_eicmp.odstunr_per_s", "per_s", 1, "destination unreachable messages sent per second [icmpOutDestUnreachs]" },
	{ "itmex/s", "net_eicmp.itmex_per_s", "per_s", 1, "time exceeded messages received per second [icmpInTimeExcds]" },
	{ "otmex/s", "net_eicmp.otmex_per_s", "per_s", 1, "time exceeded messages sent per second [icmpOutTimeExcds]" },
	{ "iparmpb/s", "net_eicmp.iparmpb_per_s", "per_s", 1, "parameter problem messages received per second [icmpInParmProbs]" },
	{ "oparmpb/s", "net_eicmp.oparmpb_per_s", "per_s", 1, "parameter problem messages sent per second [icmpOutParmProbs]" },
	{ "isrcq/s", "net_eicmp.isrcq_per_s", "per_s", 1, "source quench messages received per second [icmpInSrcQuenchs]" },
	{ "osrcq/s", "net_eicmp.osrcq_per_s", "per_s", 1, "source quench messages sent per second [icmpOutSrcQuenchs]" },
	{ "iredir/s", "net_eicmp.iredir_per_s", "per_s", 1, "redirect messages received per second [icmpInRedirects]" },
	{ "oredir/s", "net_eicmp.oredir_per_s", "per_s", 1, "redirect messages sent per second [icmpOutRedirects]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n TCP ---- */
static const struct sar_col net_tcp_cols[] = {
	{ "active/s", "net_tcp.active_per_s", "per_s", 1, "active opens (connect) per second [tcpActiveOpens]" },
	{ "passive/s", "net_tcp.passive_per_s", "per_s", 1, "passive opens (accept) per second [tcpPassiveOpens]" },
	{ "iseg/s", "net_tcp.iseg_per_s", "per_s", 1, "segments received per second [tcpInSegs]" },
	{ "oseg/s", "net_tcp.oseg_per_s", "per_s", 1, "segments sent per second [tcpOutSegs]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n ETCP: TCP errors ---- */
static const struct sar_col net_etcp_cols[] = {
	{ "atmptf/s", "net_etcp.atmptf_per_s", "per_s", 1, "failed connection attempts per second [tcpAttemptFails]" },
	{ "estres/s", "net_etcp.estres_per_s", "per_s", 1, "resets of established connections per second [tcpEstabResets]" },
	{ "retrseg/s", "net_etcp.retrseg_per_s", "per_s", 1, "segments retransmitted per second [tcpRetransSegs]" },
	{ "retrans/s", "net_etcp.retrseg_per_s", "per_s", 1, "segments retransmitted per second [tcpRetransSegs]" },
	{ "isegerr/s", "net_etcp.isegerr_per_s", "per_s", 1, "segments received in error per second [tcpInErrs]" },
	{ "orsts/s", "net_etcp.orsts_per_s", "per_s", 1, "segments sent with RST per second [tcpOutRsts]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n UDP ---- */
static const struct sar_col net_udp_cols[] = {
	{ "idgm/s", "net_udp.idgm_per_s", "per_s", 1, "datagrams delivered per second [udpInDatagrams]" },
	{ "odgm/s", "net_udp.odgm_per_s", "per_s", 1, "datagrams sent per second [udpOutDatagrams]" },
	{ "noport/s", "net_udp.noport_per_s", "per_s", 1, "datagrams for a port nobody listens on per second [udpNoPorts]" },
	{ "idgmerr/s", "net_udp.idgmerr_per_s", "per_s", 1, "undeliverable datagrams for other reasons per second [udpInErrors]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n SOCK6: IPv6 sockets ---- */
static const struct sar_col net_sock6_cols[] = {
	{ "tcp6sck", "net_sock6.tcp6sck", "count", 1, "TCPv6 sockets in use" },
	{ "udp6sck", "net_sock6.udp6sck", "count", 1, "UDPv6 sockets in use" },
	{ "raw6sck", "net_sock6.raw6sck", "count", 1, "RAWv6 sockets in use" },
	{ "ip6-frag", "net_sock6.ip6_frag", "count", 1, "IPv6 fragments in use" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n IP6 ---- */
static const struct sar_col net_ip6_cols[] = {
	{ "irec6/s", "net_ip6.irec6_per_s", "per_s", 1, "input datagrams received per second [ipv6IfStatsInReceives]" },
	{ "fwddgm6/s", "net_ip6.fwddgm6_per_s", "per_s", 1, "datagrams forwarded per second [ipv6IfStatsOutForwDatagrams]" },
	{ "idel6/s", "net_ip6.idel6_per_s", "per_s", 1, "datagrams delivered to IPv6 user protocols per second [ipv6IfStatsInDelivers]" },
	{ "orq6/s", "net_ip6.orq6_per_s", "per_s", 1, "datagrams supplied to IPv6 for transmission per second [ipv6IfStatsOutRequests]" },
	{ "asmrq6/s", "net_ip6.asmrq6_per_s", "per_s", 1, "fragments needing reassembly per second [ipv6IfStatsReasmReqds]" },
	{ "asmok6/s", "net_ip6.asmok6_per_s", "per_s", 1, "datagrams reassembled per second [ipv6IfStatsReasmOKs]" },
	{ "imcpck6/s", "net_ip6.imcpck6_per_s", "per_s", 1, "multicast packets received per second [ipv6IfStatsInMcastPkts]" },
	{ "omcpck6/s", "net_ip6.omcpck6_per_s", "per_s", 1, "multicast packets sent per second [ipv6IfStatsOutMcastPkts]" },
	{ "fragok6/s", "net_ip6.fragok6_per_s", "per_s", 1, "datagrams fragmented per second [ipv6IfStatsOutFragOKs]" },
	{ "fragcr6/s", "net_ip6.fragcr6_per_s", "per_s", 1, "fragments created per second [ipv6IfStatsOutFragCreates]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n EIP6 ---- */
static const struct sar_col net_eip6_cols[] = {
	{ "ihdrer6/s", "net_eip6.ihdrer6_per_s", "per_s", 1, "datagrams discarded for header errors per second [ipv6IfStatsInHdrErrors]" },
	{ "iadrer6/s", "net_eip6.iadrer6_per_s", "per_s", 1, "datagrams discarded for a bad destination per second [ipv6IfStatsInAddrErrors]" },
	{ "iukwnp6/s", "net_eip6.iukwnp6_per_s", "per_s", 1, "datagrams for an unknown protocol per second [ipv6IfStatsInUnknownProtos]" },
	{ "i2big6/s", "net_eip6.i2big6_per_s", "per_s", 1, "datagrams too big to forward per second [ipv6IfStatsInTooBigErrors]" },
	{ "idisc6/s", "net_eip6.idisc6_per_s", "per_s", 1, "input datagrams discarded per second (no buffers) [ipv6IfStatsInDiscards]" },
	{ "odisc6/s", "net_eip6.odisc6_per_s", "per_s", 1, "output datagrams discarded per second (no buffers) [ipv6IfStatsOutDiscards]" },
	{ "inort6/s", "net_eip6.inort6_per_s", "per_s", 1, "input datagrams without a route per second [ipv6IfStatsInNoRoutes]" },
	{ "onort6/s", "net_eip6.onort6_per_s", "per_s", 1, "output datagrams without a route per second [ipv6IfStatsOutNoRoutes]" },
	{ "asmf6/s", "net_eip6.asmf6_per_s", "per_s", 1, "reassembly failures per second [ipv6IfStatsReasmFails]" },
	{ "fragf6/s", "net_eip6.fragf6_per_s", "per_s", 1, "datagrams that could not be fragmented per second [ipv6IfStatsOutFragFails]" },
	{ "itrpck6/s", "net_eip6.itrpck6_per_s", "per_s", 1, "datagrams discarded as truncated per second [ipv6IfStatsInTruncatedPkts]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n ICMP6 ---- */
static const struct sar_col net_icmp6_cols[] = {
	{ "imsg6/s", "net_icmp6.imsg6_per_s", "per_s", 1, "ICMPv6 messages received per second [ipv6IfIcmpInMsgs]" },
	{ "omsg6/s", "net_icmp6.omsg6_per_s", "per_s", 1, "ICMPv6 messages sent per second [ipv6IfIcmpOutMsgs]" },
	{ "iech6/s", "net_icmp6.iech6_per_s", "per_s", 1, "echo requests received per second [ipv6IfIcmpInEchos]" },
	{ "iechr6/s", "net_icmp6.iechr6_per_s", "per_s", 1, "echo replies received per second [ipv6IfIcmpInEchoReplies]" },
	{ "oechr6/s", "net_icmp6.oechr6_per_s", "per_s", 1, "echo replies sent per second [ipv6IfIcmpOutEchoReplies]" },
	{ "igmbq6/s", "net_icmp6.igmbq6_per_s", "per_s", 1, "group membership queries received per second [ipv6IfIcmpInGroupMembQueries]" },
	{ "igmbr6/s", "net_icmp6.igmbr6_per_s", "per_s", 1, "group membership responses received per second [ipv6IfIcmpInGroupMembResponses]" },
	{ "ogmbr6/s", "net_icmp6.ogmbr6_per_s", "per_s", 1, "group membership responses sent per second [ipv6IfIcmpOutGroupMembResponses]" },
	{ "igmbrd6/s", "net_icmp6.igmbrd6_per_s", "per_s", 1, "group membership reductions received per second [ipv6IfIcmpInGroupMembReductions]" },
	{ "ogmbrd6/s", "net_icmp6.ogmbrd6_per_s", "per_s", 1, "group membership reductions sent per second [ipv6IfIcmpOutGroupMembReductions]" },
	{ "irtsol6/s", "net_icmp6.irtsol6_per_s", "per_s", 1, "router solicitations received per second [ipv6IfIcmpInRouterSolicits]" },
	{ "ortsol6/s", "net_icmp6.ortsol6_per_s", "per_s", 1, "router solicitations sent per second [ipv6IfIcmpOutRouterSolicits]" },
	{ "irtad6/s", "net_icmp6.irtad6_per_s", "per_s", 1, "router advertisements received per second [ipv6IfIcmpInRouterAdvertisements]" },
	{ "inbsol6/s", "net_icmp6.inbsol6_per_s", "per_s", 1, "neighbor solicitations received per second [ipv6IfIcmpInNeighborSolicits]" },
	{ "onbsol6/s", "net_icmp6.onbsol6_per_s", "per_s", 1, "neighbor solicitations sent per second [ipv6IfIcmpOutNeighborSolicits]" },
	{ "inbad6/s", "net_icmp6.inbad6_per_s", "per_s", 1, "neighbor advertisements received per second [ipv6IfIcmpInNeighborAdvertisements]" },
	{ "onbad6/s", "net_icmp6.onbad6_per_s", "per_s", 1, "neighbor advertisements sent per second [ipv6IfIcmpOutNeighborAdvertisements]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n EICMP6 ---- */
static const struct sar_col net_eicmp6_cols[] = {
	{ "ierr6/s", "net_eicmp6.ierr6_per_s", "per_s", 1, "ICMPv6 messages received with errors per second [ipv6IfIcmpInErrors]" },
	{ "idtunr6/s", "net_eicmp6.idtunr6_per_s", "per_s", 1, "destination unreachable messages received per second [ipv6IfIcmpInDestUnreachs]" },
	{ "odtunr6/s", "net_eicmp6.odtunr6_per_s", "per_s", 1, "destination unreachable messages sent per second [ipv6IfIcmpOutDestUnreachs]" },
	{ "itmex6/s", "net_eicmp6.itmex6_per_s", "per_s", 1, "time exceeded messages received per second [ipv6IfIcmpInTimeExcds]" },
	{ "otmex6/s", "net_eicmp6.otmex6_per_s", "per_s", 1, "time exceeded messages sent per second [ipv6IfIcmpOutTimeExcds]" },
	{ "iprmpb6/s", "net_eicmp6.iprmpb6_per_s", "per_s", 1, "parameter problem messages received per second [ipv6IfIcmpInParmProblems]" },
	{ "oprmpb6/s", "net_eicmp6.oprmpb6_per_s", "per_s", 1, "parameter problem messages sent per second [ipv6IfIcmpOutParmProblems]" },
	{ "iredir6/s", "net_eicmp6.iredir6_per_s", "per_s", 1, "redirect messages received per second [ipv6IfIcmpInRedirects]" },
	{ "oredir6/s", "net_eicmp6.oredir6_per_s", "per_s", 1, "redirect messages sent per second [ipv6IfIcmpOutRedirects]" },
	{ "ipck2b6/s", "net_eicmp6.ipck2b6_per_s", "per_s", 1, "packet too big messages received per second [ipv6IfIcmpInPktTooBigs]" },
	{ "opck2b6/s", "net_eicmp6.opck2b6_per_s", "per_s", 1, "packet too big messages sent per second [ipv6IfIcmpOutPktTooBigs]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n UDP6 ---- */
static const struct sar_col net_udp6_cols[] = {
	{ "idgm6/s", "net_udp6.idgm6_per_s", "per_s", 1, "UDPv6 datagrams delivered per second [udpInDatagrams]" },
	{ "odgm6/s", "net_udp6.odgm6_per_s", "per_s", 1, "UDPv6 datagrams sent per second [udpOutDatagrams]" },
	{ "noport6/s", "net_udp6.noport6_per_s", "per_s", 1, "UDPv6 datagrams for a port nobody listens on per second [udpNoPorts]" },
	{ "idgmer6/s", "net_udp6.idgmer6_per_s", "per_s", 1, "undeliverable UDPv6 datagrams for other reasons per second [udpInErrors]" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n SOFT: softnet, per CPU (instance CPU) ---- */
static const struct sar_col net_softnet_cols[] = {
	{ "total/s", "net_softnet.total_per_s", "per_s", 1, "network frames processed per second" },
	{ "dropd/s", "net_softnet.dropd_per_s", "per_s", 1, "network frames dropped per second (processing queue full)" },
	{ "squeezd/s", "net_softnet.squeezd_per_s", "per_s", 1, "times per second the softirq ran out of budget with work left" },
	{ "rx_rps/s", "net_softnet.rx_rps_per_s", "per_s", 1, "inter-processor interrupts per second to wake a CPU for packet processing" },
	{ "flw_lim/s", "net_softnet.flw_lim_per_s", "per_s", 1, "times per second the flow limit was reached" },
	{ "blg_len", "net_softnet.blg_len", "count", 1, "softnet backlog length" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -n FC: fibre channel hosts (instance FCHOST) ---- */
static const struct sar_col fc_cols[] = {
	{ "fch_rxf/s", "fc.rxf_per_s", "per_s", 1, "frames received per second" },
	{ "fch_txf/s", "fc.txf_per_s", "per_s", 1, "frames transmitted per second" },
	{ "fch_rxw/s", "fc.rxw_per_s", "per_s", 1, "words (4 bytes) received per second" },
	{ "fch_txw/s", "fc.txw_per_s", "per_s", 1, "words (4 bytes) transmitted per second" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -m CPU and -m FREQ: CPU clock (instance CPU) ---- */
static const struct sar_col power_cpufreq_cols[] = {
	{ "MHz", "power_cpufreq.mhz", "MHz", 1, "instantaneous CPU clock frequency" },
	{ NULL, NULL, NULL, 0, NULL }
};

static const struct sar_col power_wghfreq_cols[] = {
	{ "wghMHz", "power_cpufreq.wgh_mhz", "MHz", 1, "weighted average CPU clock frequency (cpufreq-stats)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -m FAN (instance "FAN DEVICE") ---- */
static const struct sar_col fan_cols[] = {
	{ "rpm", "fan.rpm", "rpm", 1, "fan speed" },
	{ "drpm", "fan.drpm", "rpm", 1, "fan speed above its low limit (rpm - fan_min)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -m TEMP (instance "TEMP DEVICE") ---- */
static const struct sar_col temp_cols[] = {
	{ "degC", "temp.degc", "degC", 1, "device temperature" },
	{ "%temp", "temp.temp_pct", "pct", 1, "temperature relative to its high limit (temp_max)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -m IN: voltage inputs (instance "IN DEVICE") ---- */
static const struct sar_col voltage_cols[] = {
	{ "inV", "voltage.in_v", "V", 1, "voltage input" },
	{ "%in", "voltage.in_pct", "pct", 1, "voltage relative to its limits (0 = in_min, 100 = in_max)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -m BAT: batteries (instance BAT) ---- */
static const struct sar_col battery_cols[] = {
	{ "%cap", "battery.cap_pct", "pct", 1, "battery capacity left" },
	{ "cap/min", "battery.cap_pct_per_min", "pct_per_min", 1, "capacity change per minute (negative when discharging)" },
	{ "status", "battery.status", "code", 1, "0 unknown, 1 charging, 2 discharging, 3 not charging, 4 full" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -m USB (instance "BUS idvendor idprod manufact product") ---- */
static const struct sar_col usb_cols[] = {
	{ "maxpower", "usb.maxpower_ma", "mA", 1, "maximum power the device draws (present while plugged in)" },
	{ NULL, NULL, NULL, 0, NULL }
};

/* ---- -F: filesystems (instance FILESYSTEM or MOUNTPOINT) ---- */
static const struct sar_col filesystem_cols[] = {
	{ "MBfsfree", "filesystem.fsfree_bytes", "bytes", MB, "free space (sar prints MB)" },
	{ "MBfsused", "filesystem.fsused_bytes", "bytes", MB, "used space (sar prints MB)" },
	{ "%fsused", "filesystem.fsused_pct", "pct", 1, "used space, percent" },
	{ "%ufsused", "filesystem.ufsused_pct", "pct", 1, "used space as seen by unprivileged users, percent" },
	{ "Ifree", "filesystem.ifree", "count", 1, "free inodes" },
	{ "Iused", "filesystem.iused", "count", 1, "used inodes" },
	{ "%Iused", "filesystem.iused_pct", "pct", 1, "used inodes, percent" },
	{ NULL, NULL, NULL, 0, NULL }
};

const struct sar_section sar_sections[] = {
	{ "cpu", "-u [ALL], -P", cpu_cols },
	{ "task", "-w", task_cols },
	{ "intr", "-I", intr_cols },
	{ "swap", "-W", swap_cols },
	{ "paging", "-B", paging_cols },
	{ "io", "-b", io_cols },
	{ "memory", "-r [ALL] (old: -R)", memory_cols },
	{ "swap_util", "-S", swap_util_cols },
	{ "hugepages", "-H", hugepages_cols },
	{ "kernel_tables", "-v", kernel_tables_cols },
	{ "load", "-q", load_cols },
	{ "psi_cpu", "-q CPU", psi_cpu_cols },
	{ "psi_io", "-q IO", psi_io_cols },
	{ "psi_mem", "-q MEM", psi_mem_cols },
	{ "serial", "-y", serial_cols },
	{ "disk", "-d", disk_cols },
	{ "net_dev", "-n DEV", net_dev_cols },
	{ "net_edev", "-n EDEV", net_edev_cols },
	{ "net_nfs", "-n NFS", net_nfs_cols },
	{ "net_nfsd", "-n NFSD", net_nfsd_cols },
	{ "net_sock", "-n SOCK", net_sock_cols },
	{ "net_ip", "-n IP", net_ip_cols },
	{ "net_eip", "-n EIP", net_eip_cols },
	{ "net_icmp", "-n ICMP", net_icmp_cols },
	{ "net_eicmp", "-n EICMP", net_eicmp_cols },
	{ "net_tcp", "-n TCP", net_tcp_cols },
	{ "net_etcp", "-n ETCP", net_etcp_cols },
	{ "net_udp", "-n UDP", net_udp_cols },
	{ "net_sock6", "-n SOCK6", net_sock6_cols },
	{ "net_ip6", "-n IP6", net_ip6_cols },
	{ "net_eip6", "-n EIP6", net_eip6_cols },
	{ "net_icmp6", "-n ICMP6", net_icmp6_cols },
	{ "net_eicmp6", "-n EICMP6", net_eicmp6_cols },
	{ "net_udp6", "-n UDP6", net_udp6_cols },
	{ "net_softnet", "-n SOFT", net_softnet_cols },
	{ "fc", "-n FC", fc_cols },
	{ "power_cpufreq", "-m CPU", power_cpufreq_cols },
	{ "power_cpufreq", "-m FREQ", power_wghfreq_cols },
	{ "fan", "-m FAN", fan_cols },
	{ "temp", "-m TEMP", temp_cols },
	{ "voltage", "-m IN", voltage_cols },
	{ "battery", "-m BAT", battery_cols },
	{ "usb", "-m USB", usb_cols },
	{ "filesystem", "-F [MOUNT]", filesystem_cols },
	{ NULL, NULL, NULL }
};

/* Instance columns and their rank in a joined instance. */
static const struct {
	const char *name;
	int rank;
} instance_cols[] = {
	{ "CPU", 1 }, { "DEV", 1 }, { "IFACE", 1 }, { "INTR", 1 },
	{ "TTY", 1 }, { "FILESYSTEM", 1 }, { "MOUNTPOINT", 1 },
	{ "FCHOST", 1 }, { "BAT", 1 }, { "FAN", 1 }, { "TEMP", 1 },
	{ "IN", 1 }, { "BUS", 1 }, { "idvendor", 2 }, { "idprod", 3 },
	{ "manufact", 4 }, { "product", 5 }, { "DEVICE", 6 },
};

static int name_eq(const char *lit, const char *name, size_t len)
{
	return strlen(lit) == len && memcmp(lit, name, len) == 0;
}

int sar_instance_rank(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(instance_cols) / sizeof(instance_cols[0]); i++)
		if (name_eq(instance_cols[i].name, name, len))
			return instance_cols[i].rank;
	return 0;
}

int sar_is_spaced_text(const char *name, size_t len)
{
	return name_eq("manufact", name, len) || name_eq("product", name, len) ||
	       name_eq("MOUNTPOINT", name, len) || name_eq("FILESYSTEM", name, len) ||
	       name_eq("DEVICE", name, len);
}

const struct sar_col *sar_section_col(const struct sar_section *sec,
				      const char *name, size_t len)
{
	for (const struct sar_col *c = sec->cols; c->name; c++)
		if (name_eq(c->name, name, len))
			return c;
	return NULL;
}

/* Which instance columns a section expects, to break ties between
 * sections whose value columns are alike (CPU MHz vs. anything else). */
static const char *section_instance(const struct sar_section *sec)
{
	static const struct {
		const char *family, *inst;
	} map[] = {
		{ "cpu", "CPU" }, { "intr", "INTR" }, { "serial", "TTY" },
		{ "disk", "DEV" }, { "net_dev", "IFACE" }, { "net_edev", "IFACE" },
		{ "net_softnet", "CPU" }, { "fc", "FCHOST" },
		{ "power_cpufreq", "CPU" }, { "fan", "FAN" }, { "temp", "TEMP" },
		{ "voltage", "IN" }, { "battery", "BAT" }, { "usb", "BUS" },
		{ "filesystem", "FILESYSTEM" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].family, sec->family))
			return map[i].inst;
	return NULL;
}

const struct sar_section *sar_section_find(const char *const *names,
					   const size_t *lens, size_t n)
{
	const struct sar_section *best = NULL;
	int best_score = 0;

	for (const struct sar_section *sec = sar_sections; sec->family; sec++) {
		const char *inst = section_instance(sec);
		int score = 0, values = 0;

		for (size_t i = 0; i < n; i++) {
			if (sar_section_col(sec, names[i], lens[i])) {
				values++;
				score += 2;
			} else if (inst && name_eq(inst, names[i], lens[i])) {
				score += 1;
			}
		}
		if (values > 0 && score > best_score) {
			best = sec;
			best_score = score;
		}
	}
	return best;
}

const char *sar_generic_field(const char *name, size_t len, char *buf,
			      size_t cap, double *scale)
{
	const char *unit = "count";
	size_t o = 0, i = 0, end = len;
	int pct = 0, per_s = 0, bytes = 0;

	*scale = 1;
	if (cap == 0)
		return unit;
	if (end > 0 && name[0] == '%') {
		pct = 1;
		i = 1;
	}
	if (end >= i + 2 && name[end - 2] == '/' && name[end - 1] == 's') {
		per_s = 1;
		end -= 2;
	}
	if (end >= i + 2 && !pct && name[i] == 'k' && name[i + 1] == 'b' && end > i + 2) {
		bytes = 1;
		*scale = 1024;
		i += 2;
	} else if (end >= i + 2 && !pct && name[i] == 'M' && name[i + 1] == 'B' && end > i + 2) {
		bytes = 1;
		*scale = 1048576;
		i += 2;
	} else if (end >= i + 3 && name[end - 2] == 'k' && name[end - 1] == 'B') {
		bytes = 1;
		*scale = 1024;
		end -= 2;
	}
	for (; i < end && o + 1 < cap; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '_';
		if (c == '_' && (o == 0 || buf[o - 1] == '_'))
			continue;
		buf[o++] = c;
	}
	while (o > 0 && buf[o - 1] == '_')
		o--;
	if (o == 0 && o + 1 < cap)
		buf[o++] = 'x';
	buf[o] = '\0';
	{
		const char *suffix = pct ? "_pct" : bytes ? (per_s ? "_bytes_per_s" : "_bytes")
					 : per_s ? "_per_s" : "";
		size_t sl = strlen(suffix);

		if (o + sl < cap) {
			memcpy(buf + o, suffix, sl + 1);
		}
	}
	if (pct)
		unit = "pct";
	else if (bytes)
		unit = per_s ? "bytes_per_s" : "bytes";
	else if (per_s)
		unit = "per_s";
	return unit;
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
		{ "\xe2\x86\x91", "full", 4 },            /* U+2191 */
	};

	for (size_t i = 0; i < sizeof(sts) / sizeof(sts[0]); i++) {
		const char *w = sts[i].word;

		if (name_eq(sts[i].sym, s, len))
			return sts[i].code;
		if (strlen(w) == len && !strncasecmp(w, s, len))
			return sts[i].code;
	}
	return -1;
}
