package dev.atelier.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One process started by {@link Wire#OP_EXEC}, the leader of a session of its own: with a
 * pseudo-terminal (its one output stream is the channel's stream) or with pipes (stdout on the
 * channel, stderr on the side channel the server named). The server's stream is its stdin. It
 * reports {@link Wire#EXEC_EXITED} when the process ends and {@link Wire#EXEC_DONE} once its output
 * has ended too; then, or when the server closes the channel, or when the connection ends,
 * everything it started is killed ({@link ProcessTree}).
 */
final class Exec implements AutoCloseable {

  private final Execs owner;
  private final Agent.Call call;
  private final Agent.Call side;
  private final String marker;
  private final int pid;
  private final Posix.Pty pty;
  private int openMasterUsers;
  private int outputs;
  private boolean exited;
  private boolean closed;

  private Exec(
      Execs owner,
      Agent.Call call,
      Agent.Call side,
      String marker,
      int pid,
      Posix.Pty pty,
      int outputs) {
    this.owner = owner;
    this.call = call;
    this.side = side;
    this.marker = marker;
    this.pid = pid;
    this.pty = pty;
    this.outputs = outputs;
    this.openMasterUsers = pty == null ? 0 : 2;
  }

  /** Starts the process; the caller has checked the request and replies once this returns. */
  static Exec start(
      Execs owner,
      Agent.Call call,
      Agent.Call side,
      Execs.Request request,
      String executable,
      String dir,
      List<String> env,
      String marker,
      Executor threads) {
    // Threads first, the process second: under a workspace's full process limit a thread the
    // agent cannot create fails the start instead of leaving a started process unwatched.
    java.util.concurrent.CompletableFuture<Runnable[]> work =
        new java.util.concurrent.CompletableFuture<>();
    int count = request.pty() ? 3 : 4;
    try {
      for (int i = 0; i < count; i++) {
        int index = i;
        threads.execute(
            () -> {
              Runnable[] tasks = work.join();
              if (tasks != null) {
                tasks[index].run();
              }
            });
      }
    } catch (java.util.concurrent.RejectedExecutionException | OutOfMemoryError e) {
      work.complete(null);
      throw new AgentException(
          "START_FAILED",
          "the workspace has no room for another process (its process limit is reached)");
    }
    try {
      Exec exec = spawn(owner, call, side, request, executable, dir, env, marker, work);
      return exec;
    } finally {
      work.complete(null); // no-op when the tasks were handed over
    }
  }

  private static Exec spawn(
      Execs owner,
      Agent.Call call,
      Agent.Call side,
      Execs.Request request,
      String executable,
      String dir,
      List<String> env,
      String marker,
      java.util.concurrent.CompletableFuture<Runnable[]> work) {
    Exec exec;
    if (request.pty()) {
      Posix.Pty pty;
      try {
        pty = Posix.openPty(request.columns(), request.rows());
      } catch (RuntimeException e) {
        throw new AgentException("START_FAILED", "cannot open a terminal: " + e.getMessage());
      }
      int pid;
      try {
        pid = Posix.spawn(executable, request.argv(), env, dir, null, pty.slave());
      } catch (RuntimeException e) {
        Posix.close(pty.master());
        throw e;
      }
      exec = new Exec(owner, call, side, marker, pid, pty, 1);
      call.hold(exec);
      work.complete(
          new Runnable[] {
            () -> exec.pumpOut(pty.master(), call.stream.output(), true),
            () -> exec.pumpIn(call.stream.input(), pty.master()),
            exec::await
          });
    } else {
      int[] in = Posix.pipe();
      int[] out = Posix.pipe();
      int[] err = Posix.pipe();
      int pid;
      try {
        pid =
            Posix.spawn(
                executable, request.argv(), env, dir, new int[] {in[0], out[1], err[1]}, null);
      } catch (RuntimeException e) {
        for (int fd : new int[] {in[0], in[1], out[0], out[1], err[0], err[1]}) {
          Posix.close(fd);
        }
        throw e;
      }
      Posix.close(in[0]);
      Posix.close(out[1]);
      Posix.close(err[1]);
      exec = new Exec(owner, call, side, marker, pid, null, 2);
      call.hold(exec);
      work.complete(
          new Runnable[] {
            () -> exec.pumpOut(out[0], call.stream.output(), false),
            () -> exec.pumpOut(err[0], side.stream.output(), false),
            () -> exec.pumpIn(call.stream.input(), in[1]),
            exec::await
          });
    }
    return exec;
  }

  /** The process's output into a stream, until its end; then the stream ends. */
  private void pumpOut(int fd, OutputStream to, boolean master) {
    byte[] buffer = new byte[Wire.CHUNK];
    try {
      for (int n; (n = Posix.read(fd, buffer)) > 0; ) {
        to.write(buffer, 0, n);
      }
      to.close();
    } catch (IOException | RuntimeException e) {
      // the server closed the channel or the connection ended: the process is killed there
    } finally {
      if (master) {
        releaseMaster();
      } else {
        Posix.close(fd);
      }
      outputEnded();
    }
  }

  /** The server's bytes into the process until the server ends its stream. */
  private void pumpIn(InputStream from, int fd) {
    byte[] buffer = new byte[Wire.CHUNK];
    try {
      for (int n; (n = from.read(buffer)) >= 0; ) {
        if (n > 0) {
          Posix.write(fd, buffer, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process closed its input, or the channel is gone
    } finally {
      if (pty != null) {
        releaseMaster();
      } else {
        Posix.close(fd);
      }
    }
  }

  private void await() {
    int code;
    try {
      code = Posix.waitFor(pid);
    } catch (RuntimeException | Error e) {
      code = 255; // the server must hear of an end
    }
    synchronized (this) {
      exited = true;
      if (!closed) {
        event(new Wire.Payload().u8(Wire.EXEC_EXITED).i32(code));
      }
    }
    finishIfDone();
  }

  private void outputEnded() {
    synchronized (this) {
      outputs--;
      if (outputs > 0) {
        return;
      }
    }
    finishIfDone();
  }

  private void finishIfDone() {
    synchronized (this) {
      if (closed || !exited || outputs > 0) {
        return;
      }
      closed = true;
    }
    ProcessTree.kill(pid, marker); // what it left behind (background jobs without output)
    event(new Wire.Payload().u8(Wire.EXEC_DONE));
    call.stream.aborted("the process ended"); // wakes the input pump; nothing is sent
    release();
  }

  private void event(Wire.Payload payload) {
    try {
      owner.agent().send(Wire.EVENT, call.channel, payload.bytes());
    } catch (IOException e) {
      // the connection is gone
    }
  }

  private synchronized void releaseMaster() {
    openMasterUsers--;
    if (openMasterUsers == 0) {
      Posix.close(pty.master());
    }
  }

  private void release() {
    owner.forget(this);
    side.finish();
    call.finish();
  }

  int channel() {
    return call.channel;
  }

  int sideChannel() {
    return side.channel;
  }

  /** Sets the terminal size; false without a terminal. */
  synchronized boolean resize(int columns, int rows) {
    if (pty == null) {
      return false;
    }
    if (openMasterUsers > 0) {
      Posix.resize(pty.master(), columns, rows);
    }
    return true;
  }

  /**
   * Sends a signal as a terminal would: with a PTY to its foreground job (the shell's own group
   * when no job runs), without one to the process's group. KILL kills everything it started.
   */
  void signal(int signal) {
    if (signal == Posix.SIGKILL) {
      ProcessTree.kill(pid, marker);
      return;
    }
    int group = pid;
    synchronized (this) {
      if (pty != null && openMasterUsers > 0) {
        int foreground = Posix.foregroundGroup(pty.master());
        if (foreground > 0) {
          group = foreground;
        }
      }
    }
    Posix.kill(-group, signal);
  }

  /** The server closed the channel, or the connection ended: kill everything, free the slot. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // not on the frame reader's thread (a close comes from there): a kill may take a while
    try {
      owner.threads().execute(() -> ProcessTree.kill(pid, marker));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      ProcessTree.kill(pid, marker); // the agent is ending
    }
    side.abort();
    call.stream.close();
    owner.forget(this);
  }
}
