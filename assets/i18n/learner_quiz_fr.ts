<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>QuestionWidget</name>
    <message>
        <source>True</source>
        <translation>Vrai</translation>
    </message>
    <message>
        <source>False</source>
        <translation>Faux</translation>
    </message>
    <message>
        <source>Tick every right answer.</source>
        <translation>Cochez toutes les bonnes réponses.</translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation>Votre réponse</translation>
    </message>
    <message>
        <source>Type a number</source>
        <translation>Saisissez un nombre</translation>
    </message>
    <message>
        <source>Type your answer</source>
        <translation>Saisissez votre réponse</translation>
    </message>
    <message>
        <source>Items to put in order</source>
        <translation>Éléments à remettre dans l’ordre</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <source>Move the chosen item up (Alt+Up)</source>
        <translation>Monter l’élément choisi (Alt+Haut)</translation>
    </message>
    <message>
        <source>Move the chosen item down (Alt+Down)</source>
        <translation>Descendre l’élément choisi (Alt+Bas)</translation>
    </message>
    <message>
        <source>Choose an item, then move it with the buttons or Alt+Up / Alt+Down.</source>
        <translation>Choisissez un élément, puis déplacez-le avec les boutons ou Alt+Haut / Alt+Bas.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Blank %1</source>
        <translation>Trou %1</translation>
    </message>
</context>
<context>
    <name>QuizPage</name>
    <message>
        <source>Check my answer</source>
        <translation>Vérifier ma réponse</translation>
    </message>
    <message>
        <source>Back to the video</source>
        <translation>Retour à la vidéo</translation>
    </message>
    <message>
        <source>Show a hint</source>
        <translation>Voir un indice</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Recommencer</translation>
    </message>
    <message>
        <source>See my score</source>
        <translation>Voir mon score</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Question suivante</translation>
    </message>
    <message>
        <source>My certificate</source>
        <translation>Mon certificat</translation>
    </message>
    <message>
        <source>Next capsule: %1</source>
        <translation>Capsule suivante : %1</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Question %1 sur %2</translation>
    </message>
    <message>
        <source>Best score: %1 %   Last score: %2 %</source>
        <translation>Meilleur score : %1 %   Dernier score : %2 %</translation>
    </message>
    <message>
        <source>Quiz — %1</source>
        <translation>Quiz — %1</translation>
    </message>
    <message>
        <source>Answer the question first.</source>
        <translation>Répondez d’abord à la question.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Saved ✓</source>
        <translation>Enregistré ✓</translation>
    </message>
    <message>
        <source>Right!</source>
        <translation>Bonne réponse !</translation>
    </message>
    <message>
        <source>Partly right (%1 %). The right answer: %2</source>
        <translation>En partie juste (%1 %). La bonne réponse : %2</translation>
    </message>
    <message>
        <source>Not quite. The right answer: %1</source>
        <translation>Pas tout à fait. La bonne réponse : %1</translation>
    </message>
    <message>
        <source>Your answer could not be saved: %1</source>
        <translation>Votre réponse n’a pas pu être enregistrée : %1</translation>
    </message>
    <message>
        <source>Check my answer (Enter)</source>
        <translation>Vérifier ma réponse (Entrée)</translation>
    </message>
    <message>
        <source>Score: %1 out of %2</source>
        <translation>Score : %1 sur %2</translation>
    </message>
    <message>
        <source>Right answers: %1 out of %2</source>
        <translation>Bonnes réponses : %1 sur %2</translation>
    </message>
    <message>
        <source>Well done: quiz passed.</source>
        <translation>Bravo : quiz réussi.</translation>
    </message>
    <message>
        <source>Keep going: read the explanations and try again.</source>
        <translation>Continuez : relisez les explications et recommencez.</translation>
    </message>
</context>
</TS>
