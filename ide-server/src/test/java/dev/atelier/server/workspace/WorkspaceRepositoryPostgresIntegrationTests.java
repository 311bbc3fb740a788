package dev.atelier.server.workspace;

import dev.atelier.server.testsupport.TestDatabases;
import javax.sql.DataSource;

class WorkspaceRepositoryPostgresIntegrationTests extends AbstractWorkspaceRepositoryTests {
  @Override
  DataSource dataSource() {
    return TestDatabases.postgres();
  }
}
