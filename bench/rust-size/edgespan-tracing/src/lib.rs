use worker::*;
#[tracing::instrument]
async fn work(n: u32) -> u32 {
    tracing::info!("working");
    n + 1
}
#[event(start)]
fn start() {
    use tracing_subscriber::prelude::*;
    let _ = tracing_subscriber::registry().with(edgespan::tracing::layer()).try_init();
}
#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    edgespan::worker::instrument(req, env, ctx, |_req, _env, _ctx, _root| async move {
        Response::ok(format!("hello {}", work(1).await))
    })
    .await
}
