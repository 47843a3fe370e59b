package ngram_test

import (
	"strings"
	"unicode"
)

// story is a text of our own: short sentences about a school day, the
// kind of text a class would write, with words and phrases that repeat
// the way they do in real writing.
const story = `
The children come to school in the morning.
The teacher opens the door of the classroom.
The children sit at their desks and open their books.
The teacher writes a question on the board.
A girl reads the question and raises her hand.
The teacher asks the girl to answer the question.
The girl answers the question and the teacher smiles.
A boy opens his book and reads a story about a cat.
The cat in the story lives in a small house near the river.
Every morning the cat walks to the river and looks at the water.
The children like the story about the cat.
After the lesson the children go outside to play.
The sun is warm and the sky is blue.
Some children play football and some children read books under a tree.
The teacher drinks a cup of tea and reads a book.
After the break the children come back to the classroom.
The teacher opens a computer and shows a picture of a river.
The children look at the picture and ask questions about the river.
A boy asks where the river begins.
The teacher says that the river begins in the mountains.
The children write the answer in their books.
In the afternoon the children learn about numbers.
The teacher writes numbers on the board and the children add them.
A girl adds the numbers and writes the answer on the board.
The teacher says that the answer is right.
The children like numbers and they like the teacher.
At the end of the day the children put their books in their bags.
The teacher closes the door of the classroom.
The children walk home and talk about the lesson.
A boy tells his mother about the cat and the river.
His mother smiles and gives him a cup of tea.
In the evening the boy reads his book again.
The next morning the children come to school again.
The teacher opens the door and the children sit at their desks.
Today the teacher shows a picture of the mountains.
The children look at the mountains and ask where the mountains are.
The teacher says that the mountains are far from the school.
A girl says that her father lives near the mountains.
The children write a story about the mountains in their books.
The girl reads her story to the children and the children like it.
After the lesson the children play outside in the sun.
The sky is blue and the water of the river is cold.
The teacher reads a story about a dog to the children.
The dog in the story lives near the school and likes the children.
Every morning the dog walks to the school and looks at the children.
The children give the dog some water.
In the afternoon the children learn about the computer.
The teacher shows the children how the computer adds numbers.
A boy asks how the computer knows the answer.
The teacher says that the computer learns from numbers.
The children write the question in their books.
At the end of the day the teacher closes the computer.
The children put their books in their bags and walk home.
The girl tells her father about the computer and the numbers.
Her father smiles and says that computers are like children.
They learn from what they see every day.
`

// sentences returns the sentences of a text, each as lower-case words
// (punctuation dropped).
func sentences(text string) [][]string {
	var out [][]string
	for line := range strings.SplitSeq(strings.TrimSpace(text), "\n") {
		words := strings.FieldsFunc(strings.ToLower(line), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// split puts every fifth sentence of docs in the test set and the others
// in the training set.
func split(docs [][]string) (train, test [][]string) {
	for i, d := range docs {
		if i%5 == 4 {
			test = append(test, d)
		} else {
			train = append(train, d)
		}
	}
	return train, test
}
