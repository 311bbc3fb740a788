package dev.atelier.runtime.local.tooltest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A workspace tool for the tests: prints its arguments, where it runs from and whether it can write
 * its own jar, then echoes stdin lines upper-cased until end of input.
 */
public final class EchoTool {

  private EchoTool() {}

  public static void main(String[] args) throws Exception {
    System.out.println("args=" + String.join(",", args));
    String jar = EchoTool.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    System.out.println("jar=" + jar);
    System.out.println("jarWritable=" + Files.isWritable(Path.of(jar)));
    System.out.println("helper=" + new Helper().name());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      System.out.println(line.toUpperCase(java.util.Locale.ROOT));
      System.out.flush();
    }
  }

  static final class Helper {
    String name() {
      return getClass().getSimpleName();
    }
  }
}
