package dev.atelier.server.sharing;

import dev.atelier.server.testsupport.TestDatabases;
import javax.sql.DataSource;

class ShareRepositoryPostgresIntegrationTests extends AbstractShareRepositoryTests {
  @Override
  DataSource dataSource() {
    return TestDatabases.postgres();
  }
}
