package dev.atelier.runtime.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The POSIX shell scripts the runtime runs inside workspace pods, and the argument vectors that
 * call them: the exec wrapper and its kill, the port scan and the clone. (Files go through the
 * workspace agent.) They use only what every image with a shell has (sh, cat, head, mkdir, mv, rm,
 * sed, ls; git for the clone), work under dash, bash and busybox, and take every user-controlled
 * value as a positional argument or environment variable, never spliced into the script text, so a
 * file name or repository URL cannot inject commands.
 *
 * <p>Paths are absolute paths inside the pod; the workspace root is passed in (it is {@link #ROOT}
 * in a pod), which also lets tests run the same scripts on this machine.
 */
final class PodScripts {

  /** Where the workspace volume is mounted in the pod. */
  static final String ROOT = "/workspace";

  /** Where the exec wrapper records the pid of each exec so that {@link #KILL} can find it. */
  static final String EXEC_PIDS = "/tmp/.atelier-exec";

  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Keeps the workspace container alive and exits promptly on SIGTERM (pod deletion). */
  static final String KEEPALIVE = "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done";

  /**
   * Runs a command in a folder with extra environment: {@code $1} exec id, {@code $2} folder, then
   * {@code NAME=value} words up to {@code --}, then the command. It records its pid, which the
   * command inherits through {@code exec}.
   */
  static final String EXEC_WRAPPER =
      """
      d=%s
      mkdir -p "$d" 2>/dev/null && echo $$ > "$d/$1" 2>/dev/null
      cd -- "$2" || exit 126
      shift 2
      while [ $# -gt 0 ] && [ "$1" != "--" ]; do export "$1"; shift; done
      shift
      exec "$@"
      """
          .formatted(EXEC_PIDS);

  /**
   * Kills what an exec started: its process, every process in its session when it leads one (a TTY
   * exec does), and all their descendants; never pid 1. {@code $1} is the exec id.
   */
  static final String KILL =
      """
      f=%s/$1
      [ -f "$f" ] || exit 0
      root=$(cat "$f"); rm -f "$f"
      case "$root" in ''|*[!0-9]*) exit 0 ;; esac
      [ -d "/proc/$root" ] || exit 0
      table=$(sed -n 's/^\\([0-9]*\\) (.*) [A-Za-z] \\([0-9]*\\) [0-9-]* \\([0-9-]*\\) .*/\\1 \\2 \\3/p' /proc/[0-9]*/stat 2>/dev/null)
      sid=$(printf '%%s\\n' "$table" | while read -r p pp s; do [ "$p" = "$root" ] && echo "$s"; done)
      victims=" $root "
      if [ "$sid" = "$root" ]; then
        victims=" $(printf '%%s\\n' "$table" | while read -r p pp s; do [ "$s" = "$root" ] && printf '%%s ' "$p"; done)"
      fi
      frontier=$victims
      while [ -n "$(echo $frontier)" ]; do
        next=
        for q in $frontier; do
          for c in $(printf '%%s\\n' "$table" | while read -r p pp s; do [ "$pp" = "$q" ] && printf '%%s ' "$p"; done); do
            case "$victims" in *" $c "*) ;; *) victims="$victims$c "; next="$next $c" ;; esac
          done
        done
        frontier=$next
      done
      victims=$(for v in $victims; do [ "$v" = 1 ] || printf '%%s ' "$v"; done)
      [ -n "$victims" ] || exit 0
      kill -STOP $victims 2>/dev/null
      kill -KILL $victims 2>/dev/null
      exit 0
      """
          .formatted(EXEC_PIDS);

  /** Prints the TCP tables, the socket inodes of each process and the process names. */
  static final String PORTS =
      """
      echo '@tcp'; cat /proc/net/tcp 2>/dev/null
      echo '@tcp6'; cat /proc/net/tcp6 2>/dev/null
      echo '@fd'; ls -l /proc/[0-9]*/fd 2>/dev/null
      echo '@comm'; head -n 1 /proc/[0-9]*/comm 2>/dev/null
      exit 0
      """;

  /**
   * Clones {@code $ATELIER_REPOSITORY} into the workspace root {@code $1} (which may already hold
   * {@code lost+found}) through a temporary folder, keeping any repository already there. On
   * failure it writes a reason such as {@code repository not found: …} to {@code $2} (the
   * container's termination message) and exits 1.
   */
  static final String CLONE =
      """
      root=$1; log=$2
      fail() { printf '%s' "$1" > "$log"; printf '%s\\n' "$1" >&2; exit 1; }
      if [ -e "$root/.git" ]; then echo "$root already holds a repository, keeping it"; exit 0; fi
      tmp="$root/.atelier-clone"; out="${TMPDIR:-/tmp}/atelier-clone.$$"
      rm -rf "$tmp" || fail "cannot clear $tmp"
      ( GIT_TERMINAL_PROMPT=0 git clone --progress -- "$ATELIER_REPOSITORY" "$tmp" 2>&1; echo $? > "$out.rc" ) | tee "$out"
      rc=$(cat "$out.rc" 2>/dev/null || echo 1)
      if [ "$rc" != 0 ]; then
        if grep -qiE 'could not read (Username|Password)|Authentication failed|terminal prompts disabled|Permission denied|returned error: 40[13]' "$out"; then
          why="authentication required: $ATELIER_REPOSITORY is private or refused the credentials"
        elif grep -qiE 'not found|does not exist|returned error: 404|not appear to be a git repository' "$out"; then
          why="repository not found: $ATELIER_REPOSITORY"
        elif grep -qiE 'Could not resolve host|Name or service not known|Connection refused|timed out|unable to access' "$out"; then
          why="cannot reach the repository: $(grep -iE 'fatal|error' "$out" | tail -n 1 | tr -d '\\r')"
        else
          why="git clone exited with $rc: $(tail -n 1 "$out" | tr -d '\\r')"
        fi
        rm -rf "$tmp" "$out" "$out.rc"
        fail "$why"
      fi
      rm -f "$out" "$out.rc"
      for f in "$tmp"/* "$tmp"/.[!.]* "$tmp"/..?*; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        [ "${f##*/}" = .git ] && continue
        mv -f -- "$f" "$root"/ || fail "cannot move ${f##*/} into the workspace"
      done
      mv -- "$tmp/.git" "$root/.git" || fail "cannot move the repository into the workspace"
      rmdir "$tmp" 2>/dev/null
      echo "cloned $ATELIER_REPOSITORY"
      """;

  private PodScripts() {}

  /** {@code /bin/sh -c script name args…}: the script sees {@code args} as {@code $1…}. */
  static List<String> sh(String script, String name, List<String> args) {
    List<String> argv = new ArrayList<>(3 + args.size());
    argv.add("/bin/sh");
    argv.add("-c");
    argv.add(script);
    argv.add(name);
    argv.addAll(args);
    return argv;
  }

  /**
   * The argument vector that runs {@code command} in {@code dir} with {@code env} as {@code
   * execId}.
   */
  static List<String> exec(
      String execId, String dir, Map<String, String> env, List<String> command) {
    List<String> args = new ArrayList<>();
    args.add(execId);
    args.add(dir);
    env.forEach(
        (name, value) -> {
          if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "invalid environment variable name \"" + name + "\": use letters, digits and '_'");
          }
          args.add(name + "=" + value);
        });
    args.add("--");
    args.addAll(command);
    return sh(EXEC_WRAPPER, "atelier-exec", args);
  }

  /** The argument vector that kills what the exec {@code execId} started. */
  static List<String> kill(String execId) {
    return sh(KILL, "atelier-kill", List.of(execId));
  }

  /** The argument vector of the port scan. */
  static List<String> ports() {
    return sh(PORTS, "atelier-ports", List.of());
  }
}
