use worker::*;
#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    edgespan::worker::instrument(req, env, ctx, |_req, _env, _ctx, root| async move {
        root.start_span("work").end();
        Response::ok("hello")
    })
    .await
}
