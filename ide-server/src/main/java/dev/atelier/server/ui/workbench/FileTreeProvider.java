package dev.atelier.server.ui.workbench;

import com.vaadin.flow.data.provider.hierarchy.AbstractBackEndHierarchicalDataProvider;
import com.vaadin.flow.data.provider.hierarchy.HierarchicalQuery;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.files.FileInfo;
import dev.atelier.server.files.FileService;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folders of the explorer's tree, listed when the tree asks for them (a folder's children are read
 * when it is expanded). Items are identified by path, so a refresh keeps expanded folders and
 * selection even though sizes and dates change.
 */
final class FileTreeProvider extends AbstractBackEndHierarchicalDataProvider<FileInfo, Void> {

  private final FileService files;
  private final String userId;
  private final String workspaceId;

  FileTreeProvider(FileService files, String userId, String workspaceId) {
    this.files = files;
    this.userId = userId;
    this.workspaceId = workspaceId;
  }

  private List<FileInfo> children(FileInfo parent) {
    try {
      return files.list(userId, workspaceId, parent == null ? "" : parent.path());
    } catch (AtelierException e) {
      return List.of(); // deleted meanwhile, or the workspace has no files yet
    }
  }

  @Override
  protected Stream<FileInfo> fetchChildrenFromBackEnd(HierarchicalQuery<FileInfo, Void> query) {
    return children(query.getParent()).stream().skip(query.getOffset()).limit(query.getLimit());
  }

  @Override
  public int getChildCount(HierarchicalQuery<FileInfo, Void> query) {
    return children(query.getParent()).size();
  }

  @Override
  public boolean hasChildren(FileInfo item) {
    return item.directory();
  }

  @Override
  public Object getId(FileInfo item) {
    return item.path();
  }
}
