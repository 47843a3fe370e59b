package sandbox_test

import (
	"testing"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/sandbox/storetest"
)

func TestMemoryStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sandbox.Store {
		s := sandbox.NewMemoryStore()
		t.Cleanup(func() { s.Close() })
		return s
	})
}
