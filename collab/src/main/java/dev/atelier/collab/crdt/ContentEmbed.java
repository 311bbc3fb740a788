package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Json;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.List;

/** An embedded JSON value inside text (ref 5), e.g. an image in a rich-text editor. */
final class ContentEmbed extends Content {
  final Object embed;

  ContentEmbed(Object embed) {
    this.embed = embed;
  }

  @Override
  int length() {
    return 1;
  }

  @Override
  boolean countable() {
    return true;
  }

  @Override
  Content copy() {
    return new ContentEmbed(embed);
  }

  @Override
  Content splice(int offset) {
    throw new IllegalStateException("embed content has length 1");
  }

  @Override
  void write(Lib0Writer w, int offset) {
    w.writeVarString(Json.stringify(embed));
  }

  @Override
  int ref() {
    return EMBED;
  }

  @Override
  void values(List<Object> out) {
    out.add(embed);
  }
}
