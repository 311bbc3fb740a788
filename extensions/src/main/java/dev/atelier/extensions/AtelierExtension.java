package dev.atelier.extensions;

/**
 * An extension: adds contributions to the server when it starts. Built-in features implement it as
 * well as third-party jars. Implementations need a public no-argument constructor when they come
 * from a jar (its manifest names the class); {@link #contribute} is called once, at start-up,
 * before the server accepts requests. Whatever it registers lives as long as the server.
 *
 * <pre>{@code
 * public final class HelloExtension implements AtelierExtension {
 *   public void contribute(Contributions c) {
 *     c.command(new CommandContribution("hello.greet", "Hello: Greet", "Ctrl+Alt+H", true,
 *         ctx -> ctx.showMessage("Hello, " + ctx.userName())));
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface AtelierExtension {

  /**
   * Registers this extension's contributions. Throwing refuses the whole extension: nothing it
   * registered is kept.
   */
  void contribute(Contributions contributions);
}
