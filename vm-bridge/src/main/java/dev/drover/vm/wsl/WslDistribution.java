package dev.drover.vm.wsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of {@code wsl --list --verbose}:
 * <pre>
 *   NAME            STATE           VERSION
 * * Ubuntu          Running         2
 *   drover          Stopped         2
 * </pre>
 * The header and the state are localised; a name has no spaces, the version is the last column, and a star marks
 * the default.
 */
public record WslDistribution(String name, State state, int version, boolean isDefault) {

    public enum State {
        RUNNING, STOPPED, INSTALLING, CONVERTING, UNINSTALLING, UNKNOWN;

        /** The state column; English, and the words German and French Windows print for the two that matter. */
        static State parse(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "running", "wird ausgeführt", "en cours d'exécution" -> RUNNING;
                case "stopped", "beendet", "arrêté" -> STOPPED;
                case "installing" -> INSTALLING;
                case "converting" -> CONVERTING;
                case "uninstalling" -> UNINSTALLING;
                default -> UNKNOWN;
            };
        }
    }

    /** The distributions in {@code wsl --list --verbose}'s decoded output; none when it lists none. */
    public static List<WslDistribution> parseList(String output) {
        var result = new ArrayList<WslDistribution>();
        var header = true;
        for (var raw : output.split("\n")) {
            var line = raw.strip();
            if (line.isEmpty()) continue;
            if (header) { // NAME STATE VERSION, in the user's language
                header = false;
                continue;
            }
            var isDefault = line.startsWith("*");
            if (isDefault) line = line.substring(1).strip();
            var words = line.split("\\s+");
            if (words.length < 3 || !words[words.length - 1].matches("\\d+")) continue; // a message, not a row
            var state = String.join(" ", java.util.Arrays.copyOfRange(words, 1, words.length - 1));
            result.add(new WslDistribution(words[0], State.parse(state),
                    Integer.parseInt(words[words.length - 1]), isDefault));
        }
        return result;
    }
}
