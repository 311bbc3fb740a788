package dev.atelier.server.sharing;

import dev.atelier.server.testsupport.TestDatabases;
import javax.sql.DataSource;

class ShareRepositoryH2IntegrationTests extends AbstractShareRepositoryTests {
  @Override
  DataSource dataSource() {
    return TestDatabases.h2();
  }
}
