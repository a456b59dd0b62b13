package com.bento.runtime.micronaut.hidden;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** A controller in a package that bento.runtime.micronaut does not export. */
@Controller("/hidden")
public class HiddenController {
    /** @return text */
    @Get
    public String hello() {
        return "hello";
    }
}
