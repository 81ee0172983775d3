/*
 * sar_columns.c - sysstat's sections and columns and the metrics they
 * become (see sar_columns.h for the naming rules).
 *
 * One row per column: the name sar prints, the sadf -j key, the metric
 * field, the base unit, the factor to that unit, and a line for the metric
 * catalog.  Sources for the names: sar(1) and sadf(1) of sysstat 12.6, the
 * headers in sysstat's own test outputs from 9.1.6 to 12.7 (the peer
 * corpus), and fixtures/sar and fixtures/sadf captured on this machine.
 */
#include <string.h>

#include "sar_columns.h"

#define KB 1024.0
#define MB 1048576.0
#define SECTOR 512.0
#define MS 0.001

#define V(n, j, f, u, s, d) { n, j, f, u, s, SAR_VALUE, 0, d }
#define L(n, j, f, u, s, d) { n, j, f, u, s, SAR_VALUE, 1, d }
#define I(n, j) { n, j, NULL, NULL, 0, SAR_INSTANCE, 0, NULL }
#define T(n, j) { n, j, NULL, NULL, 0, SAR_TEXT, 0, NULL }
#define END { NULL, NULL, NULL, NULL, 0, SAR_VALUE, 0, NULL }

#define PCT(n, j, f, d) V(n, j, f, "pct", 1, d)
#define RATE(n, j, f, d) V(n, j, f, "per_s", 1, d)
#define CNT(n, j, f, d) V(n, j, f, "count", 1, d)
#define KBYTES(n, j, f, d) V(n, j, f, "bytes", KB, d)

/* -u, -u ALL, -P: CPU utilization. */
static const struct sar_column cpu_cols[] = {
	I("CPU", "cpu"),
	PCT("%user", "user", "user_pct", "time in user mode incl. guest (sar -u)"),
	PCT("%usr", "usr", "usr_pct", "time in user mode excl. guest (sar -u ALL)"),
	PCT("%nice", "nice", "nice_pct", "time in user mode at nice priority"),
	PCT("%system", "system", "system_pct", "time in kernel mode incl. irq/softirq (sar -u)"),
	PCT("%sys", "sys", "sys_pct", "time in kernel mode excl. irq/softirq (sar -u ALL)"),
	PCT("%iowait", "iowait", "iowait_pct", "idle time with outstanding disk I/O"),
	PCT("%steal", "steal", "steal_pct", "involuntary wait while the hypervisor ran another CPU"),
	PCT("%irq", "irq", "irq_pct", "time servicing hardware interrupts"),
	PCT("%soft", "soft", "soft_pct", "time servicing softirqs"),
	PCT("%guest", "guest", "guest_pct", "time running a virtual CPU"),
	PCT("%gnice", "gnice", "gnice_pct", "time running a niced guest"),
	PCT("%idle", "idle", "idle_pct", "idle time without outstanding disk I/O"),
	END
};

/* -w: task creation and context switches. */
static const struct sar_column task_cols[] = {
	RATE("proc/s", "proc", "proc_per_s", "tasks created per second"),
	RATE("cswch/s", "cswch", "cswch_per_s", "context switches per second"),
	END
};

/* -I: interrupts; per-CPU columns CPU0..CPUn, see sar_intr_cpu(). */
static const struct sar_column intr_cols[] = {
	I("INTR", "intr"),
	RATE("all", "all", "per_s", "interrupts per second (instance: interrupt[/cpuN])"),
	L("intr/s", "value", "per_s", "per_s", 1, "interrupts per second (instance: interrupt[/cpuN])"),
	END
};

/* -W: swapping. */
static const struct sar_column swapping_cols[] = {
	RATE("pswpin/s", "pswpin", "pswpin_per_s", "pages swapped in per second"),
	RATE("pswpout/s", "pswpout", "pswpout_per_s", "pages swapped out per second"),
	END
};

/* -B: paging. */
static const struct sar_column paging_cols[] = {
	V("pgpgin/s", "pgpgin", "pgpgin_bytes_per_s", "bytes_per_s", KB, "bytes paged in from disk per second"),
	V("pgpgout/s", "pgpgout", "pgpgout_bytes_per_s", "bytes_per_s", KB, "bytes paged out to disk per second"),
	RATE("fault/s", "fault", "fault_per_s", "page faults (major + minor) per second"),
	RATE("majflt/s", "majflt", "majflt_per_s", "major faults (needing a disk read) per second"),
	RATE("pgfree/s", "pgfree", "pgfree_per_s", "pages put on the free list per second"),
	RATE("pgscank/s", "pgscank", "pgscank_per_s", "pages scanned by kswapd per second"),
	RATE("pgscand/s", "pgscand", "pgscand_per_s", "pages scanned directly per second"),
	RATE("pgsteal/s", "pgsteal", "pgsteal_per_s", "pages reclaimed from cache per second"),
	PCT("%vmeff", "vmeff-percent", "vmeff_pct", "page reclaim efficiency (pgsteal / pgscan)"),
	RATE("pgprom/s", "pgprom", "pgprom_per_s", "pages promoted to a faster memory tier per second"),
	RATE("pgdem/s", "pgdem", "pgdem_per_s", "pages demoted to a slower memory tier per second"),
	END
};

/* -b: I/O transfer rates of all devices. */
static const struct sar_column io_cols[] = {
	RATE("tps", "tps", "tps", "transfers (I/O requests) per second"),
	RATE("rtps", "rtps", "rtps", "read requests per second"),
	RATE("wtps", "wtps", "wtps", "write requests per second"),
	RATE("dtps", "dtps", "dtps", "discard requests per second"),
	V("bread/s", "bread", "read_bytes_per_s", "bytes_per_s", SECTOR, "bytes read per second"),
	V("bwrtn/s", "bwrtn", "write_bytes_per_s", "bytes_per_s", SECTOR, "bytes written per second"),
	V("bdscd/s", "bdscd", "discard_bytes_per_s", "bytes_per_s", SECTOR, "bytes discarded per second"),
	END
};

/* -r, -r ALL: memory. */
static const struct sar_column mem_cols[] = {
	KBYTES("kbmemfree", "memfree", "memfree_bytes", "free memory"),
	KBYTES("kbavail", "avail", "avail_bytes", "memory available without swapping"),
	KBYTES("kbmemused", "memused", "memused_bytes", "used memory"),
	PCT("%memused", "memused-percent", "memused_pct", "used memory in percent of total"),
	KBYTES("kbbuffers", "buffers", "buffers_bytes", "kernel buffers"),
	KBYTES("kbcached", "cached", "cached_bytes", "page cache"),
	KBYTES("kbcommit", "commit", "commit_bytes", "memory needed for the current workload (Committed_AS)"),
	PCT("%commit", "commit-percent", "commit_pct", "commit in percent of memory + swap"),
	KBYTES("kbactive", "active", "active_bytes", "active memory"),
	KBYTES("kbinact", "inactive", "inact_bytes", "inactive memory"),
	KBYTES("kbdirty", "dirty", "dirty_bytes", "memory waiting to be written back"),
	KBYTES("kbshmem", "shared", "shmem_bytes", "shared memory (Shmem)"),
	KBYTES("kbanonpg", "anonpg", "anonpg_bytes", "anonymous pages mapped into user space"),
	KBYTES("kbslab", "slab", "slab_bytes", "kernel slab caches"),
	KBYTES("kbkstack", "kstack", "kstack_bytes", "kernel stacks"),
	KBYTES("kbpgtbl", "pgtbl", "pgtbl_bytes", "page tables"),
	KBYTES("kbvmused", "vmused", "vmused_bytes", "vmalloc space in use"),
	END
};

/* -R (sysstat < 11.5): memory page rates. */
static const struct sar_column memrate_cols[] = {
	RATE("frmpg/s", "frmpg", "frmpg_per_s", "pages freed (negative: allocated) per second"),
	RATE("bufpg/s", "bufpg", "bufpg_per_s", "pages added to buffers per second"),
	RATE("campg/s", "campg", "campg_per_s", "pages added to the page cache per second"),
	END
};

/* -S (and the swap columns of old -r): swap space. */
static const struct sar_column swap_cols[] = {
	KBYTES("kbswpfree", "swpfree", "swpfree_bytes", "free swap space"),
	KBYTES("kbswpused", "swpused", "swpused_bytes", "used swap space"),
	PCT("%swpused", "swpused-percent", "swpused_pct", "used swap in percent of total"),
	KBYTES("kbswpcad", "swpcad", "swpcad_bytes", "swap cached (also in memory)"),
	PCT("%swpcad", "swpcad-percent", "swpcad_pct", "swap cached in percent of used swap"),
	END
};

/* -H: huge pages. */
static const struct sar_column huge_cols[] = {
	KBYTES("kbhugfree", "hugfree", "hugfree_bytes", "free huge pages"),
	KBYTES("kbhugused", "hugused", "hugused_bytes", "used huge pages"),
	PCT("%hugused", "hugused-percent", "hugused_pct", "used huge pages in percent of total"),
	KBYTES("kbhugrsvd", "hugrsvd", "hugrsvd_bytes", "reserved huge pages"),
	KBYTES("kbhugsurp", "hugsurp", "hugsurp_bytes", "surplus huge pages"),
	END
};

/* -v: kernel tables. */
static const struct sar_column kernel_cols[] = {
	CNT("dentunusd", "dentunusd", "dentunusd", "unused directory cache entries"),
	CNT("file-nr", "file-nr", "file_nr", "file handles in use"),
	CNT("inode-nr", "inode-nr", "inode_nr", "inode handles in use"),
	CNT("pty-nr", "pty-nr", "pty_nr", "pseudo-terminals in use"),
	CNT("file-sz", NULL, "file_sz", "file handles in use (old sar)"),
	CNT("inode-sz", NULL, "inode_sz", "inode handles in use (old sar)"),
	CNT("super-sz", NULL, "super_sz", "super block handles (old sar)"),
	PCT("%super-sz", NULL, "super_sz_pct", "super block handles in percent of max (old sar)"),
	CNT("dquot-sz", NULL, "dquot_sz", "disk quota entries (old sar)"),
	PCT("%dquot-sz", NULL, "dquot_sz_pct", "disk quota entries in percent of max (old sar)"),
	CNT("rtsig-sz", NULL, "rtsig_sz", "queued RT signals (old sar)"),
	PCT("%rtsig-sz", NULL, "rtsig_sz_pct", "queued RT signals in percent of max (old sar)"),
	END
};

/* -q, -q LOAD: run queue and load averages. */
static const struct sar_column load_cols[] = {
	CNT("runq-sz", "runq-sz", "runq_sz", "tasks waiting for run time"),
	CNT("plist-sz", "plist-sz", "plist_sz", "tasks in the task list"),
	V("ldavg-1", "ldavg-1", "ldavg_1", "load", 1, "load average, last minute"),
	V("ldavg-5", "ldavg-5", "ldavg_5", "load", 1, "load average, last 5 minutes"),
	V("ldavg-15", "ldavg-15", "ldavg_15", "load", 1, "load average, last 15 minutes"),
	CNT("blocked", "blocked", "blocked", "tasks blocked waiting for I/O"),
	END
};

/* -q CPU, IO, MEM: pressure stall information. */
static const struct sar_column psi_cpu_cols[] = {
	PCT("%scpu-10", "some_avg10", "scpu_10_pct", "some tasks stalled on CPU, 10 s average"),
	PCT("%scpu-60", "some_avg60", "scpu_60_pct", "some tasks stalled on CPU, 60 s average"),
	PCT("%scpu-300", "some_avg300", "scpu_300_pct", "some tasks stalled on CPU, 300 s average"),
	PCT("%scpu", "some_avg", "scpu_pct", "some tasks stalled on CPU during the interval"),
	END
};
static const struct sar_column psi_io_cols[] = {
	PCT("%sio-10", "some_avg10", "sio_10_pct", "some tasks stalled on I/O, 10 s average"),
	PCT("%sio-60", "some_avg60", "sio_60_pct", "some tasks stalled on I/O, 60 s average"),
	PCT("%sio-300", "some_avg300", "sio_300_pct", "some tasks stalled on I/O, 300 s average"),
	PCT("%sio", "some_avg", "sio_pct", "some tasks stalled on I/O during the interval"),
	PCT("%fio-10", "full_avg10", "fio_10_pct", "all tasks stalled on I/O, 10 s average"),
	PCT("%fio-60", "full_avg60", "fio_60_pct", "all tasks stalled on I/O, 60 s average"),
	PCT("%fio-300", "full_avg300", "fio_300_pct", "all tasks stalled on I/O, 300 s average"),
	PCT("%fio", "full_avg", "fio_pct", "all tasks stalled on I/O during the interval"),
	END
};
static const struct sar_column psi_mem_cols[] = {
	PCT("%smem-10", "some_avg10", "smem_10_pct", "some tasks stalled on memory, 10 s average"),
	PCT("%smem-60", "some_avg60", "smem_60_pct", "some tasks stalled on memory, 60 s average"),
	PCT("%smem-300", "some_avg300", "smem_300_pct", "some tasks stalled on memory, 300 s average"),
	PCT("%smem", "some_avg", "smem_pct", "some tasks stalled on memory during the interval"),
	PCT("%fmem-10", "full_avg10", "fmem_10_pct", "all tasks stalled on memory, 10 s average"),
	PCT("%fmem-60", "full_avg60", "fmem_60_pct", "all tasks stalled on memory, 60 s average"),
	PCT("%fmem-300", "full_avg300", "fmem_300_pct", "all tasks stalled on memory, 300 s average"),
	PCT("%fmem", "full_avg", "fmem_pct", "all tasks stalled on memory during the interval"),
	END
};

/* -y: serial lines. */
static const struct sar_column tty_cols[] = {
	I("TTY", "line"),
	RATE("rcvin/s", "rcvin", "rcvin_per_s", "receive interrupts per second"),
	RATE("xmtin/s", "xmtin", "xmtin_per_s", "transmit interrupts per second"),
	RATE("framerr/s", "framerr", "framerr_per_s", "frame errors per second"),
	RATE("prtyerr/s", "prtyerr", "prtyerr_per_s", "parity errors per second"),
	RATE("brk/s", "brk", "brk_per_s", "breaks per second"),
	RATE("ovrun/s", "ovrun", "ovrun_per_s", "overrun errors per second"),
	END
};

/* -d: block devices. */
static const struct sar_column disk_cols[] = {
	I("DEV", "disk-device"),
	RATE("tps", "tps", "tps", "transfers (I/O requests) per second"),
	V("rkB/s", "rkB", "read_bytes_per_s", "bytes_per_s", KB, "bytes read per second"),
	V("wkB/s", "wkB", "write_bytes_per_s", "bytes_per_s", KB, "bytes written per second"),
	V("dkB/s", "dkB", "discard_bytes_per_s", "bytes_per_s", KB, "bytes discarded per second"),
	L("rd_sec/s", "rd_sec", "read_bytes_per_s", "bytes_per_s", SECTOR, "bytes read per second"),
	L("wr_sec/s", "wr_sec", "write_bytes_per_s", "bytes_per_s", SECTOR, "bytes written per second"),
	L("dc_sec/s", "dc_sec", "discard_bytes_per_s", "bytes_per_s", SECTOR, "bytes discarded per second"),
	V("areq-sz", "areq-sz", "areq_sz_bytes", "bytes", KB, "average request size"),
	L("avgrq-sz", "avgrq-sz", "areq_sz_bytes", "bytes", SECTOR, "average request size"),
	V("aqu-sz", "aqu-sz", "aqu_sz", "count", 1, "average request queue length"),
	L("avgqu-sz", "avgqu-sz", "aqu_sz", "count", 1, "average request queue length"),
	V("await", "await", "await_s", "s", MS, "average time a request waited and was served"),
	V("svctm", "svctm", "svctm_s", "s", MS, "average service time (unreliable, removed in sysstat 12)"),
	PCT("%util", "util-percent", "util_pct", "time the device had requests in flight"),
	END
};

/* -n DEV and -n EDEV: network interfaces (one family: same instance). */
static const struct sar_column net_cols[] = {
	I("IFACE", "iface"),
	RATE("rxpck/s", "rxpck", "rxpck_per_s", "packets received per second"),
	RATE("txpck/s", "txpck", "txpck_per_s", "packets transmitted per second"),
	V("rxkB/s", "rxkB", "rx_bytes_per_s", "bytes_per_s", KB, "bytes received per second"),
	V("txkB/s", "txkB", "tx_bytes_per_s", "bytes_per_s", KB, "bytes transmitted per second"),
	L("rxbyt/s", "rxbyt", "rx_bytes_per_s", "bytes_per_s", 1, "bytes received per second"),
	L("txbyt/s", "txbyt", "tx_bytes_per_s", "bytes_per_s", 1, "bytes transmitted per second"),
	RATE("rxcmp/s", "rxcmp", "rxcmp_per_s", "compressed packets received per second"),
	RATE("txcmp/s", "txcmp", "txcmp_per_s", "compressed packets transmitted per second"),
	RATE("rxmcst/s", "rxmcst", "rxmcst_per_s", "multicast packets received per second"),
	PCT("%ifutil", "ifutil-percent", "ifutil_pct", "utilization of the interface bandwidth"),
	END
};
static const struct sar_column netdev_err_cols[] = {
	I("IFACE", "iface"),
	RATE("rxerr/s", "rxerr", "rxerr_per_s", "bad packets received per second"),
	RATE("txerr/s", "txerr", "txerr_per_s", "errors while transmitting per second"),
	RATE("coll/s", "coll", "coll_per_s", "collisions per second"),
	RATE("rxdrop/s", "rxdrop", "rxdrop_per_s", "received packets dropped per second (no buffer)"),
	RATE("txdrop/s", "txdrop", "txdrop_per_s", "transmitted packets dropped per second"),
	RATE("txcarr/s", "txcarr", "txcarr_per_s", "carrier errors while transmitting per second"),
	RATE("rxfram/s", "rxfram", "rxfram_per_s", "frame alignment errors per second"),
	RATE("rxfifo/s", "rxfifo", "rxfifo_per_s", "FIFO overruns on received packets per second"),
	RATE("txfifo/s", "txfifo", "txfifo_per_s", "FIFO overruns on transmitted packets per second"),
	END
};

/* -n NFS, NFSD. */
static const struct sar_column nfs_cols[] = {
	RATE("call/s", "call", "call_per_s", "RPC requests made per second"),
	RATE("retrans/s", "retrans", "retrans_per_s", "RPC requests retransmitted per second"),
	RATE("read/s", "read", "read_per_s", "RPC read calls per second"),
	RATE("write/s", "write", "write_per_s", "RPC write calls per second"),
	RATE("access/s", "access", "access_per_s", "RPC access calls per second"),
	RATE("getatt/s", "getatt", "getatt_per_s", "RPC getattr calls per second"),
	END
};
static const struct sar_column nfsd_cols[] = {
	RATE("scall/s", "scall", "scall_per_s", "RPC requests received per second"),
	RATE("badcall/s", "badcall", "badcall_per_s", "bad RPC requests received per second"),
	RATE("packet/s", "packet", "packet_per_s", "network packets received per second"),
	RATE("udp/s", "udp", "udp_per_s", "UDP packets received per second"),
	RATE("tcp/s", "tcp", "tcp_per_s", "TCP packets received per second"),
	RATE("hit/s", "hit", "hit_per_s", "reply cache hits per second"),
	RATE("miss/s", "miss", "miss_per_s", "reply cache misses per second"),
	RATE("sread/s", "sread", "sread_per_s", "read calls received per second"),
	RATE("swrite/s", "swrite", "swrite_per_s", "write calls received per second"),
	RATE("saccess/s", "saccess", "saccess_per_s", "access calls received per second"),
	RATE("sgetatt/s", "sgetatt", "sgetatt_per_s", "getattr calls received per second"),
	END
};

/* -n SOCK, SOCK6. */
static const struct sar_column sock_cols[] = {
	CNT("totsck", "totsck", "totsck", "sockets in use"),
	CNT("tcpsck", "tcpsck", "tcpsck", "TCP sockets in use"),
	CNT("udpsck", "udpsck", "udpsck", "UDP sockets in use"),
	CNT("rawsck", "rawsck", "rawsck", "RAW sockets in use"),
	CNT("ip-frag", "ip-frag", "ip_frag", "IP fragments queued"),
	CNT("tcp-tw", "tcp-tw", "tcp_tw", "TCP sockets in TIME_WAIT"),
	END
};
static const struct sar_column sock6_cols[] = {
	CNT("tcp6sck", "tcp6sck", "tcp6sck", "TCPv6 sockets in use"),
	CNT("udp6sck", "udp6sck", "udp6sck", "UDPv6 sockets in use"),
	CNT("raw6sck", "raw6sck", "raw6sck", "RAWv6 sockets in use"),
	CNT("ip6-frag", "ip6-frag", "ip6_frag", "IPv6 fragments queued"),
	END
};

/* -n IP, EIP (one family: distinct names). */
static const struct sar_column ip_cols[] = {
	RATE("irec/s", "irec", "irec_per_s", "input datagrams received per second"),
	RATE("fwddgm/s", "fwddgm", "fwddgm_per_s", "datagrams forwarded per second"),
	RATE("idel/s", "idel", "idel_per_s", "datagrams delivered to upper layers per second"),
	RATE("orq/s", "orq", "orq_per_s", "datagrams sent by upper layers per second"),
	RATE("asmrq/s", "asmrq", "asmrq_per_s", "fragments needing reassembly per second"),
	RATE("asmok/s", "asmok", "asmok_per_s", "datagrams reassembled per second"),
	RATE("fragok/s", "fragok", "fragok_per_s", "datagrams fragmented per second"),
	RATE("fragcrt/s", "fragcrt", "fragcrt_per_s", "fragments created per second"),
	END
};
static const struct sar_column eip_cols[] = {
	RATE("ihdrerr/s", "ihdrerr", "ihdrerr_per_s", "datagrams discarded for header errors per second"),
	RATE("iadrerr/s", "iadrerr", "iadrerr_per_s", "datagrams discarded for a bad address per second"),
	RATE("iukwnpr/s", "iukwnpr", "iukwnpr_per_s", "datagrams of an unknown protocol per second"),
	RATE("idisc/s", "idisc", "idisc_per_s", "input datagrams discarded per second"),
	RATE("odisc/s", "odisc", "odisc_per_s", "output datagrams discarded per second"),
	RATE("onort/s", "onort", "onort_per_s", "datagrams without a route per second"),
	RATE("asmf/s", "asmf", "asmf_per_s", "reassembly failures per second"),
	RATE("fragf/s", "fragf", "fragf_per_s", "fragmentation failures per second"),
	END
};

/* -n ICMP, EICMP. */
static const struct sar_column icmp_cols[] = {
	RATE("imsg/s", "imsg", "imsg_per_s", "ICMP messages received per second"),
	RATE("omsg/s", "omsg", "omsg_per_s", "ICMP messages sent per second"),
	RATE("iech/s", "iech", "iech_per_s", "echo requests received per second"),
	RATE("iechr/s", "iechr", "iechr_per_s", "echo replies received per second"),
	RATE("oech/s", "oech", "oech_per_s", "echo requests sent per second"),
	RATE("oechr/s", "oechr", "oechr_per_s", "echo replies sent per second"),
	RATE("itm/s", "itm", "itm_per_s", "timestamp requests received per second"),
	RATE("itmr/s", "itmr", "itmr_per_s", "timestamp replies received per second"),
	RATE("otm/s", "otm", "otm_per_s", "timestamp requests sent per second"),
	RATE("otmr/s", "otmr", "otmr_per_s", "timestamp replies sent per second"),
	RATE("iadrmk/s", "iadrmk", "iadrmk_per_s", "address mask requests received per second"),
	RATE("iadrmkr/s", "iadrmkr", "iadrmkr_per_s", "address mask replies received per second"),
	RATE("oadrmk/s", "oadrmk", "oadrmk_per_s", "address mask requests sent per second"),
	RATE("oadrmkr/s", "oadrmkr", "oadrmkr_per_s", "address mask replies sent per second"),
	END
};
static const struct sar_column eicmp_cols[] = {
	RATE("ierr/s", "ierr", "ierr_per_s", "ICMP messages received with errors per second"),
	RATE("oerr/s", "oerr", "oerr_per_s", "ICMP messages not sent for errors per second"),
	RATE("idstunr/s", "idstunr", "idstunr_per_s", "destination unreachable received per second"),
	RATE("odstunr/s", "odstunr", "odstunr_per_s", "destination unreachable sent per second"),
	RATE("itmex/s", "itmex", "itmex_per_s", "time exceeded received per second"),
	RATE("otmex/s", "otmex", "otmex_per_s", "time exceeded sent per second"),
	RATE("iparmpb/s", "iparmpb", "iparmpb_per_s", "parameter problem received per second"),
	RATE("oparmpb/s", "oparmpb", "oparmpb_per_s", "parameter problem sent per second"),
	RATE("isrcq/s", "isrcq", "isrcq_per_s", "source quench received per second"),
	RATE("osrcq/s", "osrcq", "osrcq_per_s", "source quench sent per second"),
	RATE("iredir/s", "iredir", "iredir_per_s", "redirects received per second"),
	RATE("oredir/s", "oredir", "oredir_per_s", "redirects sent per second"),
	END
};

/* -n TCP, ETCP. */
static const struct sar_column tcp_cols[] = {
	RATE("active/s", "active", "active_per_s", "active opens (SYN sent) per second"),
	RATE("passive/s", "passive", "passive_per_s", "passive opens (SYN received) per second"),
	RATE("iseg/s", "iseg", "iseg_per_s", "segments received per second"),
	RATE("oseg/s", "oseg", "oseg_per_s", "segments sent per second"),
	END
};
static const struct sar_column etcp_cols[] = {
	RATE("atmptf/s", "atmptf", "atmptf_per_s", "failed connection attempts per second"),
	RATE("estres/s", "estres", "estres_per_s", "resets of established connections per second"),
	RATE("retrans/s", "retrans", "retrseg_per_s", "segments retransmitted per second"),
	L("retrseg/s", "retrseg", "retrseg_per_s", "per_s", 1, "segments retransmitted per second"),
	RATE("isegerr/s", "isegerr", "isegerr_per_s", "bad segments received per second"),
	RATE("orsts/s", "orsts", "orsts_per_s", "RST segments sent per second"),
	END
};

/* -n UDP. */
static const struct sar_column udp_cols[] = {
	RATE("idgm/s", "idgm", "idgm_per_s", "UDP datagrams delivered per second"),
	RATE("odgm/s", "odgm", "odgm_per_s", "UDP datagrams sent per second"),
	RATE("noport/s", "noport", "noport_per_s", "UDP datagrams to no listener per second"),
	RATE("idgmerr/s", "idgmerr", "idgmerr_per_s", "UDP datagrams undeliverable for errors per second"),
	END
};

/* -n IP6, EIP6, ICMP6, EICMP6, UDP6. */
static const struct sar_column ip6_cols[] = {
	RATE("irec6/s", "irec6", "irec6_per_s", "IPv6 datagrams received per second"),
	RATE("fwddgm6/s", "fwddgm6", "fwddgm6_per_s", "IPv6 datagrams forwarded per second"),
	RATE("idel6/s", "idel6", "idel6_per_s", "IPv6 datagrams delivered per second"),
	RATE("orq6/s", "orq6", "orq6_per_s", "IPv6 datagrams sent by upper layers per second"),
	RATE("asmrq6/s", "asmrq6", "asmrq6_per_s", "IPv6 fragments needing reassembly per second"),
	RATE("asmok6/s", "asmok6", "asmok6_per_s", "IPv6 datagrams reassembled per second"),
	RATE("imcpck6/s", "imcpck6", "imcpck6_per_s", "IPv6 multicast packets received per second"),
	RATE("omcpck6/s", "omcpck6", "omcpck6_per_s", "IPv6 multicast packets sent per second"),
	RATE("fragok6/s", "fragok6", "fragok6_per_s", "IPv6 datagrams fragmented per second"),
	RATE("fragcr6/s", "fragcr6", "fragcr6_per_s", "IPv6 fragments created per second"),
	END
};
static const struct sar_column eip6_cols[] = {
	RATE("ihdrer6/s", "ihdrer6", "ihdrer6_per_s", "IPv6 datagrams with header errors per second"),
	RATE("iadrer6/s", "iadrer6", "iadrer6_per_s", "IPv6 datagrams with a bad address per second"),
	RATE("iukwnp6/s", "iukwnp6", "iukwnp6_per_s", "IPv6 datagrams of an unknown protocol per second"),
	RATE("i2big6/s", "i2big6", "i2big6_per_s", "IPv6 datagrams too big to forward per second"),
	RATE("idisc6/s", "idisc6", "idisc6_per_s", "IPv6 input datagrams discarded per second"),
	RATE("odisc6/s", "odisc6", "odisc6_per_s", "IPv6 output datagrams discarded per second"),
	RATE("inort6/s", "inort6", "inort6_per_s", "IPv6 datagrams without a route (input) per second"),
	RATE("onort6/s", "onort6", "onort6_per_s", "IPv6 datagrams without a route (output) per second"),
	RATE("asmf6/s", "asmf6", "asmf6_per_s", "IPv6 reassembly failures per second"),
	RATE("fragf6/s", "fragf6", "fragf6_per_s", "IPv6 fragmentation failures per second"),
	RATE("itrpck6/s", "itrpck6", "itrpck6_per_s", "truncated IPv6 datagrams per second"),
	END
};
static const struct sar_column icmp6_cols[] = {
	RATE("imsg6/s", "imsg6", "imsg6_per_s", "ICMPv6 messages received per second"),
	RATE("omsg6/s", "omsg6", "omsg6_per_s", "ICMPv6 messages sent per second"),
	RATE("iech6/s", "iech6", "iech6_per_s", "ICMPv6 echo requests received per second"),
	RATE("iechr6/s", "iechr6", "iechr6_per_s", "ICMPv6 echo replies received per second"),
	RATE("oechr6/s", "oechr6", "oechr6_per_s", "ICMPv6 echo replies sent per second"),
	RATE("igmbq6/s", "igmbq6", "igmbq6_per_s", "group membership queries received per second"),
	RATE("igmbr6/s", "igmbr6", "igmbr6_per_s", "group membership responses received per second"),
	RATE("ogmbr6/s", "ogmbr6", "ogmbr6_per_s", "group membership responses sent per second"),
	RATE("igmbrd6/s", "igmbrd6", "igmbrd6_per_s", "group membership reductions received per second"),
	RATE("ogmbrd6/s", "ogmbrd6", "ogmbrd6_per_s", "group membership reductions sent per second"),
	RATE("irtsol6/s", "irtsol6", "irtsol6_per_s", "router solicitations received per second"),
	RATE("ortsol6/s", "ortsol6", "ortsol6_per_s", "router solicitations sent per second"),
	RATE("irtad6/s", "irtad6", "irtad6_per_s", "router advertisements received per second"),
	RATE("inbsol6/s", "inbsol6", "inbsol6_per_s", "neighbor solicitations received per second"),
	RATE("onbsol6/s", "onbsol6", "onbsol6_per_s", "neighbor solicitations sent per second"),
	RATE("inbad6/s", "inbad6", "inbad6_per_s", "neighbor advertisements received per second"),
	RATE("onbad6/s", "onbad6", "onbad6_per_s", "neighbor advertisements sent per second"),
	END
};
static const struct sar_column eicmp6_cols[] = {
	RATE("ierr6/s", "ierr6", "ierr6_per_s", "ICMPv6 messages received with errors per second"),
	RATE("idtunr6/s", "idtunr6", "idtunr6_per_s", "ICMPv6 destination unreachable received per second"),
	RATE("odtunr6/s", "odtunr6", "odtunr6_per_s", "ICMPv6 destination unreachable sent per second"),
	RATE("itmex6/s", "itmex6", "itmex6_per_s", "ICMPv6 time exceeded received per second"),
	RATE("otmex6/s", "otmex6", "otmex6_per_s", "ICMPv6 time exceeded sent per second"),
	RATE("iprmpb6/s", "iprmpb6", "iprmpb6_per_s", "ICMPv6 parameter problem received per second"),
	RATE("oprmpb6/s", "oprmpb6", "oprmpb6_per_s", "ICMPv6 parameter problem sent per second"),
	RATE("iredir6/s", "iredir6", "iredir6_per_s", "ICMPv6 redirects received per second"),
	RATE("oredir6/s", "oredir6", "oredir6_per_s", "ICMPv6 redirects sent per second"),
	RATE("ipck2b6/s", "ipck2b6", "ipck2b6_per_s", "ICMPv6 packet too big received per second"),
	RATE("opck2b6/s", "opck2b6", "opck2b6_per_s", "ICMPv6 packet too big sent per second"),
	END
};
static const struct sar_column udp6_cols[] = {
	RATE("idgm6/s", "idgm6", "idgm6_per_s", "UDPv6 datagrams delivered per second"),
	RATE("odgm6/s", "odgm6", "odgm6_per_s", "UDPv6 datagrams sent per second"),
	RATE("noport6/s", "noport6", "noport6_per_s", "UDPv6 datagrams to no listener per second"),
	RATE("idgmer6/s", "idgmer6", "idgmer6_per_s", "UDPv6 datagrams undeliverable for errors per second"),
	END
};

/* -n SOFT: software network processing per CPU. */
static const struct sar_column softnet_cols[] = {
	I("CPU", "cpu"),
	RATE("total/s", "total", "total_per_s", "frames processed per second"),
	RATE("dropd/s", "dropd", "dropd_per_s", "frames dropped (queue full) per second"),
	RATE("squeezd/s", "squeezd", "squeezd_per_s", "softirq runs out of budget per second"),
	RATE("rx_rps/s", "rx_rps", "rx_rps_per_s", "inter-processor interrupts for RPS per second"),
	RATE("flw_lim/s", "flw_lim", "flw_lim_per_s", "flow limit reached per second"),
	CNT("blg_len", "blg_len", "blg_len", "backlog length"),
	END
};

/* -n FC: fibre channel hosts. */
static const struct sar_column fchost_cols[] = {
	I("FCHOST", "fchost"),
	RATE("fch_rxf/s", "fch_rxf", "rxf_per_s", "frames received per second"),
	RATE("fch_txf/s", "fch_txf", "txf_per_s", "frames transmitted per second"),
	RATE("fch_rxw/s", "fch_rxw", "rxw_per_s", "words received per second"),
	RATE("fch_txw/s", "fch_txw", "txw_per_s", "words transmitted per second"),
	END
};

/* -m CPU, FREQ: CPU clock. */
static const struct sar_column cpufreq_cols[] = {
	I("CPU", "number"),
	V("MHz", "frequency", "freq_hz", "hz", 1e6, "instantaneous CPU clock"),
	END
};
static const struct sar_column cpuwfreq_cols[] = {
	I("CPU", "number"),
	V("wghMHz", "weighted-frequency", "wfreq_hz", "hz", 1e6, "weighted average CPU clock over the interval"),
	END
};

/* -m FAN, TEMP, IN, BAT, USB: sensors and devices. */
static const struct sar_column fan_cols[] = {
	I("FAN", "number"),
	I("DEVICE", "device"),
	V("rpm", "rpm", "rpm", "rpm", 1, "fan speed"),
	V("drpm", "drpm", "drpm", "rpm", 1, "fan speed above its minimum"),
	END
};
static const struct sar_column temp_cols[] = {
	I("TEMP", "number"),
	I("DEVICE", "device"),
	V("degC", "degC", "degc", "degC", 1, "temperature"),
	PCT("%temp", "percent-temp", "temp_pct", "temperature in percent of the sensor's range"),
	END
};
static const struct sar_column in_cols[] = {
	I("IN", "number"),
	I("DEVICE", "device"),
	V("inV", "inV", "volts", "V", 1, "voltage input"),
	PCT("%in", "percent-in", "in_pct", "voltage in percent of the sensor's range"),
	END
};
static const struct sar_column bat_cols[] = {
	I("BAT", "number"),
	PCT("%cap", "percent-capacity", "cap_pct", "battery capacity left"),
	V("cap/min", "variation", "cap_pct_per_min", "pct_per_min", 1, "capacity change per minute"),
	T("status", "status"),
	END
};
static const struct sar_column usb_cols[] = {
	I("BUS", "bus_number"),
	I("idvendor", "idvendor"),
	I("idprod", "idprod"),
	V("maxpower", "maxpower", "maxpower_ma", "mA", 1, "maximum power the device draws"),
	T("manufact", "manufact"),
	T("product", "product"),
	END
};

/* -F: filesystems (named by device, or by mount point with -F MOUNT). */
static const struct sar_column fs_cols[] = {
	I("FILESYSTEM", "filesystem"),
	I("MOUNTPOINT", "mountpoint"),
	V("MBfsfree", "MBfsfree", "free_bytes", "bytes", MB, "free space"),
	V("MBfsused", "MBfsused", "used_bytes", "bytes", MB, "used space"),
	PCT("%fsused", "%fsused", "used_pct", "used space in percent of total"),
	PCT("%ufsused", "%ufsused", "ufsused_pct", "used space in percent of what non-root may use"),
	CNT("Ifree", "Ifree", "ifree", "free inodes"),
	CNT("Iused", "Iused", "iused", "used inodes"),
	PCT("%Iused", "%Iused", "iused_pct", "used inodes in percent of total"),
	END
};

#define J1(a) { a, NULL, NULL }
#define J2(a, b) { a, b, NULL }

const struct sar_section sar_sections[] = {
	{ "cpu", "-u", J2("cpu-load", "cpu-load-all"), cpu_cols },
	{ "task", "-w", J1("process-and-context-switch"), task_cols },
	{ "intr", "-I", J1("interrupts"), intr_cols },
	{ "swapping", "-W", J1("swap-pages"), swapping_cols },
	{ "paging", "-B", J1("paging"), paging_cols },
	{ "io", "-b", J1("io"), io_cols },
	{ "mem", "-r", J1("memory"), mem_cols },
	{ "mem", "-R", J1("memory"), memrate_cols },
	{ "swap", "-S", J1("memory"), swap_cols },
	{ "huge", "-H", J1("hugepages"), huge_cols },
	{ "kernel", "-v", J1("kernel"), kernel_cols },
	{ "load", "-q", J1("queue"), load_cols },
	{ "psi", "-q CPU", J1("psi-cpu"), psi_cpu_cols },
	{ "psi", "-q IO", J1("psi-io"), psi_io_cols },
	{ "psi", "-q MEM", J1("psi-mem"), psi_mem_cols },
	{ "tty", "-y", J1("serial"), tty_cols },
	{ "disk", "-d", J1("disk"), disk_cols },
	{ "net", "-n DEV", J1("net-dev"), net_cols },
	{ "net", "-n EDEV", J1("net-edev"), netdev_err_cols },
	{ "nfs", "-n NFS", J1("net-nfs"), nfs_cols },
	{ "nfsd", "-n NFSD", J1("net-nfsd"), nfsd_cols },
	{ "sock", "-n SOCK", J1("net-sock"), sock_cols },
	{ "ip", "-n IP", J1("net-ip"), ip_cols },
	{ "ip", "-n EIP", J1("net-eip"), eip_cols },
	{ "icmp", "-n ICMP", J1("net-icmp"), icmp_cols },
	{ "icmp", "-n EICMP", J1("net-eicmp"), eicmp_cols },
	{ "tcp", "-n TCP", J1("net-tcp"), tcp_cols },
	{ "tcp", "-n ETCP", J1("net-etcp"), etcp_cols },
	{ "udp", "-n UDP", J1("net-udp"), udp_cols },
	{ "sock6", "-n SOCK6", J1("net-sock6"), sock6_cols },
	{ "ip6", "-n IP6", J1("net-ip6"), ip6_cols },
	{ "ip6", "-n EIP6", J1("net-eip6"), eip6_cols },
	{ "icmp6", "-n ICMP6", J1("net-icmp6"), icmp6_cols },
	{ "icmp6", "-n EICMP6", J1("net-eicmp6"), eicmp6_cols },
	{ "udp6", "-n UDP6", J1("net-udp6"), udp6_cols },
	{ "softnet", "-n SOFT", J1("softnet"), softnet_cols },
	{ "fchost", "-n FC", J1("fchosts"), fchost_cols },
	{ "cpufreq", "-m CPU", J1("cpu-frequency"), cpufreq_cols },
	{ "cpufreq", "-m FREQ", J1("cpu-weighted-frequency"), cpuwfreq_cols },
	{ "fan", "-m FAN", J1("fan-speed"), fan_cols },
	{ "temp", "-m TEMP", J1("temperature"), temp_cols },
	{ "in", "-m IN", J1("voltage-input"), in_cols },
	{ "bat", "-m BAT", J1("battery"), bat_cols },
	{ "usb", "-m USB", J1("usb-devices"), usb_cols },
	{ "fs", "-F", J1("filesystems"), fs_cols },
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
			    (sar_intr_cpu(names[i]) >= 0 ||
			     !strcmp(names[i], "CPU*")))
				score++;        /* CPU0.. of -I */
			else if (c && c->kind == SAR_VALUE)
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
	for (const char *p = suffix; *p && o + 1 < cap; p++)
		buf[o++] = *p;
	buf[o] = '\0';
}
