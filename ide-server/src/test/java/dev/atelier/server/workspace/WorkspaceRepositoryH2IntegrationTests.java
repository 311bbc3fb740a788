package dev.atelier.server.workspace;

import dev.atelier.server.testsupport.TestDatabases;
import javax.sql.DataSource;

class WorkspaceRepositoryH2IntegrationTests extends AbstractWorkspaceRepositoryTests {
  @Override
  DataSource dataSource() {
    return TestDatabases.h2();
  }
}
