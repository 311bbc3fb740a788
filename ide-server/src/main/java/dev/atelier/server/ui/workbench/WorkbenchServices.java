package dev.atelier.server.ui.workbench;

import dev.atelier.documents.CollabDocuments;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.files.FileService;
import dev.atelier.server.language.LanguageEdits;
import dev.atelier.server.language.LanguageServers;
import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceActivity;
import dev.atelier.server.workspace.WorkspaceService;
import org.springframework.stereotype.Component;

/**
 * The server services a workbench page uses, injected as one bean so that the page's constructor
 * stays short and contributions can reach the same services.
 *
 * @param access who may do what in a workspace
 * @param workspaces lifecycle (start/stop in the header)
 * @param runtime workspace files outside the files service (the git HEAD)
 * @param activity the page counts as a connected client
 * @param events workspace status, moved/deleted files, deletion
 * @param problems the status bar's counts
 * @param documents the collaborative documents: save now, dirty markers
 * @param files opening files (access, text detection, size limit)
 * @param languages which files get a language server
 * @param languageEdits applies language-server edits (rename) to files the page does not show
 * @param extensions what extensions contribute to the page (panels, commands, status items)
 */
@Component
public record WorkbenchServices(
    WorkspaceAccess access,
    WorkspaceService workspaces,
    WorkspaceRuntime runtime,
    WorkspaceActivity activity,
    EventBus events,
    WorkspaceProblems problems,
    CollabDocuments documents,
    FileService files,
    LanguageServers languages,
    LanguageEdits languageEdits,
    Extensions extensions) {}
