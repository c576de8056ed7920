package dev.drover.app.ui.settings;

import dev.drover.app.settings.Settings;
import dev.drover.app.settings.SettingsStore;
import dev.drover.app.settings.ThemeChoice;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.Notice;
import dev.drover.app.ui.shell.NoticesViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Settings page. Every change is saved at once, off the UI thread, through a serial executor so saves
 * land in the order they were made.
 */
public final class SettingsViewModel {

    private final ObjectProperty<ThemeChoice> theme;
    private final BooleanProperty systemPrefersDark = new SimpleBooleanProperty(false);
    private final BooleanBinding darkTheme;
    private final SettingsStore store;
    private final Background saves;
    private final NoticesViewModel notices;
    private Settings current;

    /** @param saves runs one save at a time, in order */
    public SettingsViewModel(Settings loaded, SettingsStore store, Background saves, NoticesViewModel notices) {
        this.current = loaded;
        this.store = store;
        this.saves = saves;
        this.notices = notices;
        this.theme = new SimpleObjectProperty<>(loaded.theme());
        this.darkTheme = Bindings.createBooleanBinding(
                () -> switch (theme.get()) {
                    case DARK -> true;
                    case LIGHT -> false;
                    case SYSTEM -> systemPrefersDark.get();
                }, theme, systemPrefersDark);
        theme.addListener((obs, old, chosen) -> {
            if (chosen == null) {
                theme.set(old);
                return;
            }
            update(current.withTheme(chosen));
        });
    }

    /** The user's choice; the view binds its selector to it. */
    public ObjectProperty<ThemeChoice> themeProperty() {
        return theme;
    }

    /** What the operating system prefers; the view feeds it from the platform's preferences. */
    public BooleanProperty systemPrefersDarkProperty() {
        return systemPrefersDark;
    }

    /** Whether the dark theme is in force, from the choice and the system preference. */
    public BooleanBinding darkThemeProperty() {
        return darkTheme;
    }

    public Settings current() {
        return current;
    }

    /** Saves the VM settings (they take effect at the VM's next start). */
    public void updateVm(dev.drover.vm.host.VmSettings vm) {
        update(current.withVm(vm));
    }

    public String settingsFile() {
        return store.file().toString();
    }

    private void update(Settings next) {
        current = next;
        saves.run(() -> store.save(next), failure -> notices.report(
                new Notice("Your settings could not be saved", failure.getMessage())));
    }
}
