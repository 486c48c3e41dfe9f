package io.ctops.plugin.example;

import com.vaadin.flow.component.Component;
import io.ctops.sdk.web.NavEntry;
import org.pf4j.Extension;

/** Adds "Example events" to the side navigation. */
@Extension
public class ExampleNavEntry implements NavEntry {

    @Override
    public String title() {
        return "Example events";
    }

    @Override
    public String path() {
        return "example";
    }

    @Override
    public Class<? extends Component> view() {
        return ExampleView.class;
    }

    @Override
    public String icon() {
        return "vaadin:bell";
    }
}
