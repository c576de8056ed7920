/**
 * The D-Bus interfaces of the freedesktop tray: the item Drover exports ({@code
 * org.kde.StatusNotifierItem}), its menu ({@code com.canonical.dbusmenu}) and the desktop's
 * registry of items ({@code org.kde.StatusNotifierWatcher}), with the structures they pass, as
 * dbus-java declares them. Method and field names are the D-Bus ones.
 */
package dev.drover.app.ui.tray.dbus;
