//! Uses every dependency a little, so each one's objects reach the link.
use std::io::Write;

#[derive(serde::Serialize, serde::Deserialize, clap::Parser, Debug)]
struct Args {
    #[arg(long, default_value = "x")]
    name: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    env_logger::init();
    let args = <Args as clap::Parser>::parse();
    let json = serde_json::to_string(&args)?;
    let _: Args = serde_json::from_str(&json)?;
    let _ = toml::from_str::<toml::Value>("a = 1")?;
    let re = regex::Regex::new(r"\w+")?;
    log::info!("{}", re.is_match(&args.name));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<u8>(1);
    tx.send(1).await?;
    let _ = rx.recv().await;
    futures::executor::block_on(async {});
    let _: u32 = rand::random();
    println!("{}", chrono::Utc::now());
    let v: Vec<i32> = itertools::Itertools::collect_vec(0..4);
    let _: i32 = rayon::prelude::ParallelIterator::sum(rayon::prelude::IntoParallelIterator::into_par_iter(v));
    let _ = bytes::Bytes::from_static(b"x");
    let _ = url::Url::parse("https://example.com/a")?;
    let _ = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b"x");
    let _ = uuid::Uuid::new_v4();
    let mut m = indexmap::IndexMap::new();
    m.insert(1, 2);
    let mut h = hashbrown::HashMap::new();
    h.insert(1, 2);
    let _: smallvec::SmallVec<[u8; 4]> = smallvec::smallvec![1];
    let _ = once_cell::sync::Lazy::<u8>::force(&once_cell::sync::Lazy::new(|| 1));
    let _ = parking_lot::Mutex::new(1).lock();
    let (s, r) = crossbeam_channel::unbounded::<u8>();
    s.send(1)?;
    let _ = r.recv();

    // C: each -sys crate's library must be pulled into the link.
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(b"x")?;
    let _ = enc.finish()?;
    unsafe {
        let _ = libz_sys::zlibVersion();
        let _ = zstd_sys::ZSTD_versionNumber();
        let mut bz: bzip2_sys::bz_stream = std::mem::zeroed();
        let _ = bzip2_sys::BZ2_bzCompressInit(&mut bz, 9, 0, 0);
        let _ = bzip2_sys::BZ2_bzCompressEnd(&mut bz);
        let _ = lzma_sys::lzma_version_number();
        let _ = libsqlite3_sys::sqlite3_libversion_number();
        let _ = lz4_sys::LZ4_versionNumber();
        let p = libmimalloc_sys::mi_malloc(8);
        libmimalloc_sys::mi_free(p);
    }
    Ok(())
}
