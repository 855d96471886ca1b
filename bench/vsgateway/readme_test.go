package main

import "testing"

func TestReplaceBlock(t *testing.T) {
	doc := "# authtray\n\n## Performance\n\n" + markBegin + "\nold figures\nmore\n" + markEnd + "\n\n## Next\n"
	got, err := replaceBlock(doc, "| new | table |")
	want := "# authtray\n\n## Performance\n\n" + markBegin + "\n| new | table |\n" + markEnd + "\n\n## Next\n"
	if err != nil || got != want {
		t.Fatalf("replaceBlock = %q, %v\nwant %q", got, err, want)
	}
	// Replacing again changes nothing: the markers survive.
	if again, _ := replaceBlock(got, "| new | table |\n"); again != want {
		t.Errorf("second replace = %q", again)
	}
	empty := markBegin + "\n" + markEnd + "\n"
	if got, err := replaceBlock(empty, "x"); err != nil || got != markBegin+"\nx\n"+markEnd+"\n" {
		t.Errorf("empty block: %q, %v", got, err)
	}
	for _, bad := range []string{"# no markers\n", markEnd + "\n" + markBegin + "\n", markBegin + "\nno end\n"} {
		if _, err := replaceBlock(bad, "x"); err == nil {
			t.Errorf("replaceBlock(%q) succeeded", bad)
		}
	}
}
