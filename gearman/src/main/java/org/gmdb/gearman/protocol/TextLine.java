package org.gmdb.gearman.protocol;

import java.util.Objects;

/**
 * One line of the admin text protocol, without its line end. Requests arrive as these;
 * replies are written as these, their {@code text} holding the line ends they need
 * (gearmand ends lists with {@code \n} and OK/ERR replies with {@code \r\n}).
 *
 * <p>Text maps bytes one to one (ISO-8859-1), so function names survive whatever they hold.
 */
public record TextLine(String text) {

    public TextLine {
        Objects.requireNonNull(text, "text");
    }
}
