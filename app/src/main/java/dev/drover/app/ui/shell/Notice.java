package dev.drover.app.ui.shell;

/** Something the user should know about that did not come from an action they are watching. */
public record Notice(String title, String detail) {}
