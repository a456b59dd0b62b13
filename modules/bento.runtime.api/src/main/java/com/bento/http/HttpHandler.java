package com.bento.http;

/** Answers one HTTP call; runs on a worker thread, never on the server's event loop. */
@FunctionalInterface
public interface HttpHandler {

    /**
     * @param call the request
     * @return the answer
     * @throws Exception any failure: the host answers with Bento's error envelope (the status of a
     *         {@link com.bento.BentoException}'s reason code, else 500)
     */
    HttpReply handle(HttpCall call) throws Exception;
}
