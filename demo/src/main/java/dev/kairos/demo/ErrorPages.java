package dev.kairos.demo;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every error as a page of the portal: a clear sentence, never a stack trace or an exception message. */
@RestController
final class ErrorPages implements ErrorController {

    private final Pages pages;

    ErrorPages(Pages pages) {
        this.pages = pages;
    }

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        String[] words = switch (status) {
            case 400 -> new String[] {"Bad request", "The request was not understood. Nothing was changed."};
            case 403 -> new String[] {"Not allowed", "You may not open this page, or the form expired: reload the "
                    + "page and try again. Nothing was changed."};
            case 404 -> new String[] {"Page not found", "There is no page at this address."};
            case 405 -> new String[] {"Method not allowed", "This page does not accept that request."};
            default -> status >= 500
                    ? new String[] {"Something went wrong", "The server could not complete this request. Nothing "
                            + "was changed."}
                    : new String[] {"Error", "The request could not be completed."};
        };
        return Pages.send(status, pages.error(status, words[0], words[1]));
    }
}
