package io.egressguard.agent.it;

import io.egressguard.agent.itapps.ApacheHttpClient5Driver;

/**
 * Apache HttpClient 5.1 and 5.6, classic (the blocking execute) and async (execute with a
 * FutureCallback), held to {@link HttpClientContract}: caught at the API, the classic execute
 * throws EgressBlockedException, and the async call fails both its callback and its returned
 * future with it; the record carries the request and its body.
 */
class ApacheHttpClientIT extends HttpClientContract {
    @Override
    protected Client client() {
        return Client.of(ApacheHttpClient5Driver.class, "apache-httpclient").libraries(ClientLibraries.apache()).async(BLOCKED);
    }
}
