package dev.atelier.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokenHashTests {

  @Test
  void hashIsHexSha256OfTheSecret() {
    // SHA-256("abc") from FIPS 180-2, appendix B.1
    assertThat(ApiTokenService.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
