//! A file the store refuses at open (a damaged database) gets nothing written beside it: the
//! damage SQLite reports while refusing it is not this desk's to record. Its own binary,
//! as `open_check_damage.rs`: the damage count is the process's.

use verdict_core::store::DB_FILE;
use verdict_core::Store;

#[test]
fn a_file_refused_at_open_gets_no_record_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    // An SQLite file whose schema page is garbage after its header: "malformed".
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[100..4096] {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    let err = Store::open(&db).err().expect("the file is refused");
    assert!(!err.to_string().is_empty());
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with("-checked"))
        .collect();
    assert!(
        beside.is_empty(),
        "nothing recorded beside the refused file: {beside:?}"
    );
}
