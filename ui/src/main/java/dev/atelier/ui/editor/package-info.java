/**
 * The collaborative code editor: CodeMirror 6 bound to a room of the Atelier collaboration hub
 * ({@code <atelier-editor>}) and its Vaadin wrapper {@link dev.atelier.ui.editor.CodeEditor}.
 */
package dev.atelier.ui.editor;
