package io.ctops.core.web;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import jakarta.servlet.http.HttpServletResponse;

/** Shown instead of a page the user's role does not allow. */
@ParentLayout(MainLayout.class)
public final class ForbiddenView extends VerticalLayout implements HasErrorParameter<SecurityException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<SecurityException> parameter) {
        removeAll();
        add(new H2("Not allowed"), new Paragraph(parameter.getCustomMessage()));
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
