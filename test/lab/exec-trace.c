/*
 * exec-trace: runs a command and logs every execve/execveat of it and of everything below it, at nearly full speed.
 *
 *   exec-trace -o FILE -- COMMAND [ARG...]
 *
 * Why not `strace --seccomp-bpf -f`: strace sets no_new_privs on the traced tree to install its seccomp filter, and
 * with no_new_privs sudo (set-uid) refuses to run, so a lab booted under it cannot do what the app does over SSH.
 * Without --seccomp-bpf strace stops every process at every syscall, and the lab runs several times slower.
 * This tracer runs as root with CAP_SYS_ADMIN, so the child installs the same kind of filter (execve and execveat
 * return SECCOMP_RET_TRACE, everything else runs untouched) WITHOUT no_new_privs; every descendant inherits the
 * filter and is auto-attached (fork, vfork, clone). Only those two syscalls stop a process.
 *
 * Each line: PID execve("PATH", ["ARG0", "ARG1", ...])   (strace's layout; " \ and non-printable bytes escaped)
 * Lines are flushed as they are written. The exit status is the command's. Only for the project's tests.
 * x86_64 and aarch64.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#define NR_EXECVE 59
#define NR_EXECVEAT 322
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#define NR_EXECVE 221
#define NR_EXECVEAT 281
#else
#error "exec-trace: x86_64 or aarch64 only"
#endif

#define MAX_ARGS 4096
#define MAX_STR 4096

static FILE *out;

static int install_filter(void) {
  struct sock_filter f[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_EXECVE, 2, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_EXECVEAT, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
  };
  struct sock_fprog prog = { .len = sizeof f / sizeof f[0], .filter = f };
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

/* reads LEN bytes at ADDR of PID's memory; returns how many */
static ssize_t peek(pid_t pid, uint64_t addr, void *buf, size_t len) {
  struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
  return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

static void put_string(pid_t pid, uint64_t addr) {
  char buf[MAX_STR];
  size_t n = 0;
  if (addr == 0) { fputs("NULL", out); return; }
  /* page by page: a string may end right before an unmapped page */
  while (n < sizeof buf) {
    size_t chunk = 4096 - ((addr + n) % 4096);
    if (chunk > sizeof buf - n) chunk = sizeof buf - n;
    ssize_t r = peek(pid, addr + n, buf + n, chunk);
    if (r <= 0) break;
    if (memchr(buf + n, '\0', (size_t)r)) { n += (size_t)r; break; }
    n += (size_t)r;
  }
  size_t len = strnlen(buf, n);
  fputc('"', out);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c == '\n') fputs("\\n", out);
    else if (c == '\t') fputs("\\t", out);
    else if (c < 0x20 || c >= 0x7f) fprintf(out, "\\x%02x", c);
    else fputc(c, out);
  }
  fputc('"', out);
  if (len == sizeof buf) fputs("...", out);
}

static void log_exec(pid_t pid) {
  struct user_regs_struct regs;
  struct iovec io = { &regs, sizeof regs };
  if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &io) != 0) return;
#if defined(__x86_64__)
  uint64_t nr = regs.orig_rax, a0 = regs.rdi, a1 = regs.rsi, a2 = regs.rdx;
#else
  uint64_t nr = regs.regs[8], a0 = regs.regs[0], a1 = regs.regs[1], a2 = regs.regs[2];
#endif
  uint64_t path = nr == NR_EXECVEAT ? a1 : a0, argv = nr == NR_EXECVEAT ? a2 : a1;
  fprintf(out, "%d %s(", pid, nr == NR_EXECVEAT ? "execveat" : "execve");
  put_string(pid, path);
  fputs(", [", out);
  for (int i = 0; argv && i < MAX_ARGS; i++) {
    uint64_t p = 0;
    if (peek(pid, argv + 8 * (uint64_t)i, &p, sizeof p) != (ssize_t)sizeof p || p == 0) break;
    if (i) fputs(", ", out);
    put_string(pid, p);
  }
  fputs("])\n", out);
  fflush(out);
}

int main(int argc, char **argv) {
  const char *file = NULL;
  int i = 1;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc) file = argv[++i];
    else if (!strcmp(argv[i], "--")) { i++; break; }
    else break;
  }
  if (!file || i >= argc) { fprintf(stderr, "usage: exec-trace -o FILE -- COMMAND [ARG...]\n"); return 2; }
  out = fopen(file, "ae"); /* close-on-exec: the traced tree never holds the log */
  if (!out) { perror(file); return 2; }

  pid_t child = fork();
  if (child < 0) { perror("fork"); return 2; }
  if (child == 0) {
    if (install_filter() != 0) { perror("exec-trace: seccomp filter (needs root)"); _exit(126); }
    raise(SIGSTOP); /* the tracer seizes us while we are stopped, then continues us */
    execvp(argv[i], argv + i);
    perror(argv[i]);
    _exit(127);
  }
  int st;
  if (waitpid(child, &st, WUNTRACED) != child || !WIFSTOPPED(st)) { fprintf(stderr, "exec-trace: the child did not stop\n"); return 2; }
  long opts = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
  if (ptrace(PTRACE_SEIZE, child, 0, (void *)opts) != 0) { perror("exec-trace: PTRACE_SEIZE"); kill(child, SIGKILL); return 2; }
  kill(child, SIGCONT);

  int status = 0;
  for (;;) {
    pid_t pid = waitpid(-1, &st, __WALL);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break; /* ECHILD: every tracee is gone */
    }
    if (WIFEXITED(st) || WIFSIGNALED(st)) {
      if (pid == child) status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      continue;
    }
    if (!WIFSTOPPED(st)) continue;
    int sig = WSTOPSIG(st), event = (unsigned)st >> 16;
    if (event == PTRACE_EVENT_SECCOMP) {
      log_exec(pid);
      ptrace(PTRACE_CONT, pid, 0, 0);
    } else if (event == PTRACE_EVENT_STOP) {
      /* a new auto-attached task (SIGTRAP), or a group-stop: leave a group-stop stopped, like an untraced process */
      if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) ptrace(PTRACE_LISTEN, pid, 0, 0);
      else ptrace(PTRACE_CONT, pid, 0, 0);
    } else if (event != 0) {
      ptrace(PTRACE_CONT, pid, 0, 0); /* fork, vfork, clone, exec events */
    } else {
      ptrace(PTRACE_CONT, pid, 0, (void *)(long)sig); /* a signal for the tracee: deliver it */
    }
  }
  fclose(out);
  return status;
}
