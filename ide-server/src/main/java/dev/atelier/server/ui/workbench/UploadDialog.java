package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.WorkspacePaths;

/**
 * Uploads files into a folder of the workspace. Existing files are not replaced: the upload of that
 * file fails with the reason, the others go through.
 */
final class UploadDialog extends Dialog {

  /** Largest file accepted (the same limit as the REST upload). */
  static final int MAX_FILE_SIZE = 100 * 1024 * 1024;

  UploadDialog(
      FileService files,
      String userId,
      String workspaceId,
      String folder,
      UI ui,
      Runnable afterUpload) {
    setHeaderTitle("Upload to " + (folder.isEmpty() ? "the workspace root" : folder));
    Upload upload =
        new Upload(
            UploadHandler.inMemory(
                (metadata, data) -> {
                  try {
                    String name = WorkspacePaths.name(baseName(metadata.fileName()));
                    files.write(
                        userId, workspaceId, WorkspacePaths.child(folder, name), data, false);
                    FilePanels.push(ui, afterUpload);
                  } catch (AtelierException e) {
                    FilePanels.push(ui, () -> FilePanels.error(e.getMessage()));
                  }
                }));
    upload.setMaxFileSize(MAX_FILE_SIZE);
    upload.getElement().setAttribute("data-testid", "explorer-upload-field");
    upload.addFileRejectedListener(e -> FilePanels.error(e.getErrorMessage()));
    add(upload);
    getFooter().add(new Button("Close", e -> close()));
    setWidth("460px");
  }

  private static String baseName(String original) {
    if (original == null) {
      return null;
    }
    int cut = Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\'));
    return original.substring(cut + 1);
  }
}
